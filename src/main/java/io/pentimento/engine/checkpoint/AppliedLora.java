package io.pentimento.engine.checkpoint;

import java.nio.file.Path;

/**
 * A LoRA that was applied at load.
 *
 * @param name      as the user wrote it
 * @param strength  its strength
 * @param file      the file read
 * @param shortHash the first 12 hex digits of the SHA-256 of its tensor bytes (the bytes after the header), which
 *                  A1111 writes in {@code Lora hashes}
 * @param modules   weights it changed
 * @param unmatched modules that matched no weight of the checkpoint
 */
public record AppliedLora(String name, float strength, Path file, String shortHash, int modules, int unmatched) {
}

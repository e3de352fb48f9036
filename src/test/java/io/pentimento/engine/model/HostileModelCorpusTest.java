package io.pentimento.engine.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of damaged and mismatched model folders: each either loads (a damaged optional file is ignored) or is
 * refused with one {@link ModelFolderException} of one line that names the file at fault, never another exception,
 * a hang or a stack trace. The cases are listed in docs/hostile-input.md.
 */
class HostileModelCorpusTest {
    private static final Path TINY = Path.of("src/test/resources/models/tiny-diffusers");
    private static final Path EMOJI = Path.of("models/pentimento-emoji");

    @TempDir
    static Path dir;

    /** Damages a fresh copy of the tiny model; returns the folder to load. */
    interface Damage {
        Path apply(Path model) throws Exception;
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // --- the folder itself
        cases.add(refused("the folder is a file", "model.txt", m -> Files.writeString(m.resolveSibling("model.txt"),
                "x")));
        cases.add(refused("the folder is missing", "no-such", m -> m.resolveSibling("no-such")));
        cases.add(refused("an empty folder", "unet/model.onnx", m -> {
            Path empty = Files.createDirectories(m.resolveSibling(m.getFileName() + "-empty"));
            return empty;
        }));
        // --- networks
        for (String net : List.of("unet", "text_encoder", "vae_decoder")) {
            String file = net + "/model.onnx";
            cases.add(refused(file + " deleted", file, m -> delete(m, file)));
            cases.add(refused(file + " empty", file, m -> write(m, file, new byte[0])));
            cases.add(refused(file + " random bytes", file, m -> write(m, file, random(4096))));
            cases.add(refused(file + " cut in half", file, m -> {
                byte[] all = Files.readAllBytes(m.resolve(file));
                return write(m, file, Arrays.copyOf(all, all.length / 2));
            }));
            cases.add(refused(file + " a folder", file, m -> {
                Files.delete(m.resolve(file));
                Files.createDirectory(m.resolve(file));
                return m;
            }));
            cases.add(refused(file + " a dangling link", file, m -> {
                Files.delete(m.resolve(file));
                Files.createSymbolicLink(m.resolve(file), m.resolve("elsewhere.onnx"));
                return m;
            }));
            cases.add(refused(file + " a link to /dev/zero", file, m -> {
                Files.delete(m.resolve(file));
                Files.createSymbolicLink(m.resolve(file), Path.of("/dev/zero"));
                return m;
            }));
        }
        cases.add(refused("the UNet's weights file deleted", "unet/model.onnx", m -> delete(m, "unet/weights.pb")));
        cases.add(refused("the UNet and the decoder swapped", "model.onnx", m -> {
            Path unet = m.resolve("unet/model.onnx");
            Path tmp = m.resolve("swap.onnx");
            Files.move(unet, tmp);
            Files.copy(m.resolve("vae_decoder/model.onnx"), unet);
            Files.move(tmp, m.resolve("vae_decoder/model.onnx"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(m.resolve("unet/weights.pb"), m.resolve("vae_decoder/weights.pb"));
            return m;
        }));
        cases.add(refused("the text encoder from another model", "text_encoder/model.onnx", m -> {
            Files.copy(EMOJI.resolve("text_encoder/model.onnx"), m.resolve("text_encoder/model.onnx"),
                    StandardCopyOption.REPLACE_EXISTING);
            return m;
        }));
        cases.add(loads("a VAE decoder from another model with the same latents (a VAE swap)", m -> {
            Files.copy(EMOJI.resolve("vae_decoder/model.onnx"), m.resolve("vae_decoder/model.onnx"),
                    StandardCopyOption.REPLACE_EXISTING);
            return m;
        }));
        // --- tokenizer
        cases.add(refused("CLIP's full vocabulary beside a small text encoder", "tokenizer", m -> {
            write(m, "tokenizer/vocab.json", gunzip("vocab.json.gz"));
            return write(m, "tokenizer/merges.txt", gunzip("merges.txt.gz"));
        }));
        for (String vocab : List.of("", "[]", "{", "null", "\"text\"", "{\"a\": \"b\"}", "{\"a\": -1}",
                "{\"a\": 2147483647}", "{\"a\": 1.5}", "[".repeat(100_000))) {
            cases.add(refused("vocab.json '" + abbreviate(vocab) + "'", "vocab.json",
                    m -> write(m, "tokenizer/vocab.json", vocab.getBytes(StandardCharsets.UTF_8))));
        }
        cases.add(refused("vocab.json of random bytes", "vocab.json", m -> write(m, "tokenizer/vocab.json",
                random(2048))));
        cases.add(refused("vocab.json a folder", "vocab.json", m -> {
            Files.delete(m.resolve("tokenizer/vocab.json"));
            Files.createDirectory(m.resolve("tokenizer/vocab.json"));
            return m;
        }));
        for (String merges : List.of("", "#version: 0.2\n")) {
            cases.add(refused("merges.txt '" + merges.strip() + "'", "merges.txt",
                    m -> write(m, "tokenizer/merges.txt", merges.getBytes(StandardCharsets.UTF_8))));
        }
        cases.add(refused("merges.txt of random bytes", "merges.txt", m -> write(m, "tokenizer/merges.txt",
                random(2048))));
        cases.add(refused("merges.txt deleted", "merges.txt", m -> delete(m, "tokenizer/merges.txt")));
        cases.add(refused("tokenizer_config.json garbage", "tokenizer_config.json", m -> write(m,
                "tokenizer/tokenizer_config.json",
                random(300))));
        cases.add(refused("special_tokens_map.json garbage", "special_tokens_map.json", m -> write(m,
                "tokenizer/special_tokens_map.json",
                "{{{".getBytes(StandardCharsets.UTF_8))));
        // --- scheduler
        for (String config : List.of("", "{", "null", "[]", "\"text\"", "{\"num_train_timesteps\": 2147483647}",
                "{\"num_train_timesteps\": 0}", "{\"num_train_timesteps\": \"many\"}", "{\"beta_start\": -1}",
                "{\"beta_start\": 0.5, \"beta_end\": 0.1}", "{\"beta_end\": 1e300}", "{\"steps_offset\": 99999}",
                "{\"prediction_type\": \"guess\"}", "{\"beta_schedule\": \"cosine-ish\"}",
                "{\"timestep_spacing\": \"random\"}", "{\"beta_start\": NaN}")) {
            cases.add(refused("scheduler_config.json '" + abbreviate(config) + "'", "scheduler_config.json",
                    m -> write(m, "scheduler/scheduler_config.json", config.getBytes(StandardCharsets.UTF_8))));
        }
        cases.add(loads("scheduler_config.json deleted (SD 1.5's schedule)",
                m -> delete(m, "scheduler/scheduler_config.json")));
        // --- optional companions that are ignored or refused by name
        cases.add(refused("latent_rgb.json garbage", "latent_rgb.json", m -> write(m, "latent_rgb.json",
                "{ nope".getBytes(StandardCharsets.UTF_8))));
        cases.add(loads("model_index.json garbage", m -> write(m, "model_index.json", random(500))));
        cases.add(loads("model_index.json deleted", m -> delete(m, "model_index.json")));
        cases.add(loads("vae_decoder/config.json garbage", m -> write(m, "vae_decoder/config.json",
                "[1,2".getBytes(StandardCharsets.UTF_8))));
        cases.add(loads("vae_decoder/config.json sample_size -5", m -> write(m, "vae_decoder/config.json",
                "{\"sample_size\": -5, \"scaling_factor\": 0.18215}".getBytes(StandardCharsets.UTF_8))));
        cases.add(loads("text_encoder/config.json vocab_size 'abc'", m -> write(m, "text_encoder/config.json",
                "{\"vocab_size\": \"abc\"}".getBytes(StandardCharsets.UTF_8))));
        cases.add(loads("unet/config.json 10 MB of spaces", m -> write(m, "unet/config.json",
                " ".repeat(10_000_000).getBytes(StandardCharsets.UTF_8))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachDamagedFolderLoadsOrIsRefusedInOneLineNamingTheFile(String name, boolean loads, String names,
                                                                 Damage damage) throws Exception {
        Path model = dir.resolve("m" + Integer.toHexString(name.hashCode()));
        copyTree(TINY, model);
        Path folder = damage.apply(model);
        try (DiffusionModel loaded = DiffusionModel.load(folder, ExecutionDevice.CPU, n -> { })) {
            if (!loads) {
                fail(name + " should have been refused, but loaded");
            }
        } catch (ModelFolderException e) {
            if (loads) {
                fail(name + " should load, but: " + e.getMessage());
            }
            String message = e.getMessage();
            assertTrue(message.contains(names), name + " names " + names + ": " + message);
            assertFalse(message.contains("\n"), name + ": one line, not " + message);
            assertFalse(message.matches(".*\\b(java|com|ai)\\.[a-z]+\\.[A-Za-z.]*Exception.*"),
                    name + ": no class names: " + message);
            assertTrue(message.length() < 600, name + ": short, not " + message.length() + " chars: " + message);
        } catch (RuntimeException | Error e) {
            fail(name + " escaped as " + e, e);
        }
    }

    private static Arguments refused(String name, String names, Damage damage) {
        return Arguments.of(name, false, names, damage);
    }

    private static Arguments loads(String name, Damage damage) {
        return Arguments.of(name, true, "", damage);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 12) + "… (" + s.length() + " chars)";
    }

    private static Path write(Path model, String file, byte[] bytes) throws IOException {
        Files.write(model.resolve(file), bytes);
        return model;
    }

    private static Path delete(Path model, String file) throws IOException {
        Files.delete(model.resolve(file));
        return model;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] gunzip(String resource) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("src/test/resources/clip", resource)))) {
            return in.readAllBytes();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

package io.pentimento.engine.text;

/**
 * The ids a CLIP tokenizer wraps and pads sequences with, and the sequence length the text encoder expects.
 *
 * @param bos       start of text
 * @param eos       end of text
 * @param pad       padding after the end of text (eos for SD 1.x, "!" = 0 for SDXL's second encoder)
 * @param unk       what unknown symbols become
 * @param maxLength the encoder's sequence length, 77 for every CLIP text encoder in use
 */
record SpecialTokens(int bos, int eos, int pad, int unk, int maxLength) {

    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";
    static final int DEFAULT_MAX_LENGTH = 77;
}

package xyz.scaledown.sandbox;

import java.io.Writer;
import java.util.Arrays;

/** A reusable, unsynchronised character sink: one per output stream, reset after each line's content. */
final class CharBuffer extends Writer {

    private char[] chars = new char[4096];
    private int size;

    @Override
    public void write(char[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, chars, size, length);
        size += length;
    }

    @Override
    public void write(String source, int offset, int length) {
        ensure(length);
        source.getChars(offset, offset + length, chars, size);
        size += length;
    }

    @Override
    public void write(int c) {
        ensure(1);
        chars[size++] = (char) c;
    }

    char[] chars() {
        return chars;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, size + more));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}

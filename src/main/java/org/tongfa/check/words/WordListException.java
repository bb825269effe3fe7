package org.tongfa.check.words;

import java.nio.file.Path;

/**
 * A word-list file that cannot be read: the message names the file and the line, and says what is wrong
 * in terms an operator can act on. Thrown at start-up (which then stops) and by a reload (which then
 * keeps the lists it had).
 */
public class WordListException extends RuntimeException {

    private final transient Path file;
    private final int line;

    WordListException(Path file, int line, String problem) {
        super("Word list " + file + (line > 0 ? ", line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    WordListException(Path file, String problem, Throwable cause) {
        super("Word list " + file + ": " + problem, cause);
        this.file = file;
        this.line = 0;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The line (from 1), or 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}

package io.pentimento.store;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Run ids: they name a run's files in the data folder, so they are only letters, digits, {@code -} and {@code _}
 * (never a path), they sort by when the run started, and two studios sharing one data folder never make the same one.
 */
public final class RunIds {
    /** What a run id may be; ids made by {@link #next()} and by earlier versions all match. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MILLIS_WIDTH = 9; // base 36: enough until the year 5188
    private static final int COUNTER_WIDTH = 4;
    private static final int RANDOM_WIDTH = 8; // about 41 bits, fresh for every id
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /**
     * A new run id: {@code r}, the time in milliseconds, then this process's counter and a random part. The fixed
     * widths keep the ids of one process in creation order when sorted as text; the random part keeps another process
     * that starts a run in the same millisecond from taking the same id.
     */
    public static String next() {
        long count = COUNTER.getAndIncrement() % pow36(COUNTER_WIDTH);
        long random = Math.floorMod(RANDOM.nextLong(), pow36(RANDOM_WIDTH));
        return "r" + base36(System.currentTimeMillis(), MILLIS_WIDTH) + "-" + base36(count, COUNTER_WIDTH)
                + base36(random, RANDOM_WIDTH);
    }

    /** {@code runId} itself when it is a run id; otherwise a refusal, so it can never name a file elsewhere. */
    public static String checked(String runId) {
        if (runId == null || !PATTERN.matcher(runId).matches()) {
            throw new IllegalArgumentException("'" + runId + "' is not a run id: a run id is 1 to 64 letters, digits,"
                    + " '-' or '_'.");
        }
        return runId;
    }

    private static String base36(long value, int width) {
        String digits = Long.toString(value, 36);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static long pow36(int width) {
        long p = 1;
        for (int i = 0; i < width; i++) {
            p *= 36;
        }
        return p;
    }
}

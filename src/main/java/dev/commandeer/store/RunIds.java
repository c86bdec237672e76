package dev.commandeer.store;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Run ids people can read and type: eight characters of lower-case base32 ({@code a-z}, {@code
 * 2-7}), like {@code k3v7qa2m}.
 */
public final class RunIds {

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final Pattern FORM = Pattern.compile("[a-z2-7]{8}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 8;
  private static final int BYTES = 5; // 40 bits: eight base32 characters

  /** Random bytes drawn for many ids at once: a draw per id cost more than the id's bytes. */
  private static final byte[] DRAWN = new byte[64 * BYTES];

  private static int used = DRAWN.length;

  private RunIds() {}

  /** A fresh random id; the store replaces it in the rare case it is taken. */
  public static String next() {
    return unpack(nextBits());
  }

  private static synchronized long nextBits() {
    if (used == DRAWN.length) {
      RANDOM.nextBytes(DRAWN);
      used = 0;
    }
    long bits = 0;
    for (int i = 0; i < BYTES; i++) {
      bits = bits << 8 | (DRAWN[used++] & 0xFF);
    }
    return bits;
  }

  /** Whether text typed by a user (e.g. after {@code status}) can be a run id at all. */
  public static boolean isWellFormed(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /**
   * The 40 bits a well-formed id stands for, or -1 for any other text: lets a store keep ids as
   * numbers.
   */
  static long pack(String id) {
    if (id.length() != LENGTH) {
      return -1;
    }
    long bits = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      int digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (digit < 0) {
        return -1;
      }
      bits = bits << 5 | digit;
    }
    return bits;
  }

  /** The id that {@link #pack} turned into {@code bits}. */
  static String unpack(long bits) {
    char[] id = new char[LENGTH];
    for (int i = LENGTH - 1; i >= 0; i--) {
      id[i] = ALPHABET[(int) (bits & 31)];
      bits >>>= 5;
    }
    return new String(id);
  }
}

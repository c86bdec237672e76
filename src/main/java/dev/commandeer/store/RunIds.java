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

  private RunIds() {}

  /** A fresh random id; the store replaces it in the rare case it is taken. */
  public static String next() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** Whether text typed by a user (e.g. after {@code status}) can be a run id at all. */
  public static boolean isWellFormed(String text) {
    return text != null && FORM.matcher(text).matches();
  }
}

package dev.commandeer.command;

import java.security.SecureRandom;

/** Short run ids people can type: eight characters of lower-case base32. */
public final class RunIds {

  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private final SecureRandom random = new SecureRandom();

  public String next() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}

package dev.commandeer.http;

import dev.commandeer.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the configured token a request presents. Every candidate is compared, in constant time over
 * SHA-256 digests, so neither the position of a match nor the length of a secret shows in the
 * response time.
 */
final class Tokens {

  private final List<TokenConfig> tokens;
  private final List<byte[]> digests;

  Tokens(List<TokenConfig> tokens) {
    this.tokens = List.copyOf(tokens);
    this.digests = tokens.stream().map(t -> sha256(t.value())).toList();
  }

  Optional<TokenConfig> match(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    TokenConfig found = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digest, digests.get(i))) {
        found = tokens.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

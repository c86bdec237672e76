package dev.commandeer.http;

import dev.commandeer.config.TokenConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the configured token a request presents. Every candidate is compared, in constant time over
 * SHA-256 digests, so neither the position of a match nor the length of a secret shows in the
 * response time.
 */
public final class Tokens {

  private final Supplier<List<TokenConfig>> configured;
  private volatile Table table;

  /**
   * @param configured the tokens of the current configuration; their digests are computed again
   *     only when another list is configured
   */
  public Tokens(Supplier<List<TokenConfig>> configured) {
    this.configured = configured;
    this.table = new Table(configured.get());
  }

  Optional<TokenConfig> match(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    Table now = current();
    byte[] digest = sha256(presented);
    TokenConfig found = null;
    for (int i = 0; i < now.digests.size(); i++) {
      if (MessageDigest.isEqual(digest, now.digests.get(i))) {
        found = now.tokens.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  private Table current() {
    List<TokenConfig> tokens = configured.get();
    Table known = table;
    if (known.tokens != tokens) {
      known = new Table(tokens);
      table = known;
    }
    return known;
  }

  /** The tokens of one configuration with the digests of their values. */
  private static final class Table {
    final List<TokenConfig> tokens;
    final List<byte[]> digests;

    Table(List<TokenConfig> tokens) {
      this.tokens = tokens;
      this.digests = tokens.stream().map(t -> sha256(t.value())).toList();
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

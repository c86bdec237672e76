package dev.commandeer.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The configuration a running service follows, replaceable as a whole in one atomic step. Each part
 * that follows it is handed only its own section, read anew from the current configuration whenever
 * the part needs it, so a replacement reaches every part at its next request and no request sees
 * half of one configuration and half of another within a section.
 */
public final class LiveConfig {

  private final AtomicReference<Config> current;

  public LiveConfig(Config initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  public Config current() {
    return current.get();
  }

  /** Makes {@code next} the configuration every part reads from now on. */
  public void replace(Config next) {
    current.set(Objects.requireNonNull(next, "next"));
  }

  /** One section of whatever configuration is current when it is read. */
  public <T> Supplier<T> section(Function<Config, T> section) {
    return () -> section.apply(current.get());
  }
}

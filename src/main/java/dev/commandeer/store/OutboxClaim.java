package dev.commandeer.store;

import java.time.Duration;
import java.util.Objects;

/**
 * A claim taken on a reply as it is kept, as {@link Store#claimDue} would take it later: the reply
 * is leased to {@code instanceId} for {@code lease} from the store's now.
 */
public record OutboxClaim(String instanceId, Duration lease) {

  public OutboxClaim {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a lease must last, not " + lease);
    }
  }
}

package dev.commandeer;

import dev.commandeer.cli.CommandeerCli;

/** Entry point of {@code commandeer.jar}. */
public final class Main {

  private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  private Main() {}

  public static void main(String[] args) {
    preferVforkLaunch();
    skipNettyFlightRecorderEvents();
    int code = CommandeerCli.run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * When programs are started by the JDK, vfork is the cheapest way it offers on Linux: no
   * jspawnhelper exec in between. JDK 17 to 22 support it; later ones drop it, and a value the user
   * set is kept. Read once, when the first process starts, so this runs first.
   */
  private static void preferVforkLaunch() {
    String mechanism =
        launchMechanism(System.getProperty(LAUNCH_MECHANISM), Runtime.version().feature());
    if (mechanism != null) {
      System.setProperty(LAUNCH_MECHANISM, mechanism);
    }
  }

  /** The launch mechanism to set, or null to leave it as it is. */
  static String launchMechanism(String configured, int jdkFeature) {
    return configured == null && jdkFeature >= 17 && jdkFeature <= 22 ? "VFORK" : null;
  }

  /**
   * Netty's buffer allocator has Flight Recorder events of its own, off unless a recording asks for
   * them; yet merely checking whether one is on registers them with the JDK's recorder, which costs
   * the first request about a tenth of a second. Left out unless the user set the property.
   */
  private static void skipNettyFlightRecorderEvents() {
    String enabled = nettyJfr(System.getProperty(NETTY_JFR));
    if (enabled != null) {
      System.setProperty(NETTY_JFR, enabled);
    }
  }

  /** The value for {@code io.netty.jfr.enabled}, or null to leave it as it is. */
  static String nettyJfr(String configured) {
    return configured == null ? "false" : null;
  }
}

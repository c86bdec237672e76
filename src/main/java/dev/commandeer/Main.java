package dev.commandeer;

import dev.commandeer.cli.CommandeerCli;

/** Entry point of {@code commandeer.jar}. */
public final class Main {

  private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

  private Main() {}

  public static void main(String[] args) {
    preferVforkLaunch();
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
}

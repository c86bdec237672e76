package dev.commandeer.reply;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which {@code response_url}s may be called, and counts their uses.
 *
 * <p>A slash command's {@code response_url} arrives in the request body, so only URLs on the
 * configured Mattermost server under {@code /hooks/commands/} are accepted: anything else would let
 * a caller point the service at an arbitrary host. Mattermost accepts five uses of each URL; the
 * sixth is refused here without calling.
 */
final class ResponseUrls {

  static final int MAX_USES = 5;
  private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9]+");

  private final URI base;
  private final String hooksPath;
  private final RecentEntries<String, Integer> uses;

  ResponseUrls(String baseUrl, int capacity) {
    this.base = URI.create(baseUrl);
    this.hooksPath = (base.getRawPath() == null ? "" : base.getRawPath()) + "/hooks/commands/";
    this.uses = new RecentEntries<>(capacity);
  }

  /** The hook id named by an acceptable response_url; throws {@link IllegalArgumentException}. */
  String hookIdOf(String responseUrl) {
    URI url = parse(responseUrl);
    if (!base.getScheme().equalsIgnoreCase(url.getScheme())) {
      throw refused("uses " + url.getScheme() + " where the server uses " + base.getScheme());
    }
    if (url.getRawUserInfo() != null
        || url.getHost() == null
        || !base.getHost().equalsIgnoreCase(url.getHost())
        || port(base) != port(url)) {
      throw refused("points at another server than " + origin(base));
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String id = path.startsWith(hooksPath) ? path.substring(hooksPath.length()) : "";
    if (!HOOK_ID.matcher(id).matches()
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      throw refused("is not a command hook under " + origin(base) + hooksPath);
    }
    return id;
  }

  /** Where a use of the hook is sent: rebuilt from the configured base, not the caller's text. */
  String urlOf(String hookId) {
    return origin(base) + hooksPath + hookId;
  }

  /** Counts one use; false when the hook has been used {@link #MAX_USES} times already. */
  boolean tryUse(String hookId) {
    int[] before = new int[1];
    uses.compute(
        hookId,
        (id, count) -> {
          before[0] = count == null ? 0 : count;
          return Math.min(before[0] + 1, MAX_USES);
        });
    return before[0] < MAX_USES;
  }

  private static URI parse(String responseUrl) {
    try {
      URI url = new URI(responseUrl);
      if (!url.isAbsolute() || url.isOpaque()) {
        throw refused("is not an absolute http(s) URL");
      }
      return url;
    } catch (URISyntaxException | NullPointerException e) {
      throw refused("is not a valid URL");
    }
  }

  private static IllegalArgumentException refused(String why) {
    return new IllegalArgumentException("response_url refused: it " + why);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}

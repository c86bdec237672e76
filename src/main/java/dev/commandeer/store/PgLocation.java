package dev.commandeer.store;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the database is, read from {@code postgresql://user:pass@host:port/db?schema=name}, and the
 * same place as the reactive client and JDBC (for Flyway) want it.
 *
 * @param schema the schema that holds Commandeer's tables, or empty for the server's default
 * @param sslMode libpq's {@code sslmode}, or empty for none
 */
record PgLocation(
    String host,
    int port,
    String database,
    String user,
    String password,
    String schema,
    String sslMode) {

  /** More than the store has statements, so none is ever evicted and prepared again. */
  static final int PREPARED_STATEMENTS = 64;

  /**
   * Marks a statement that is prepared and planned anew at every execution rather than kept: one
   * whose best plan depends on how long its lists are and how big its tables have grown. A kept
   * statement settles on a generic plan after a few executions, and PostgreSQL plans it again only
   * when the table is analyzed: a plan made while the tables were nearly empty (a sequential scan)
   * would otherwise stay while they grow. These statements run per batch or per second, not per
   * reply, so planning them costs little.
   */
  static final String PLANNED_EACH_TIME = "/* planned each time */ ";

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  static PgLocation parse(String url) {
    URI uri = toUri(url);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw invalid("must start with postgresql://");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.endsWith("@")) {
      throw invalid("has no host");
    }
    int at = authority.lastIndexOf('@');
    String[] credentials = userInfo(at < 0 ? "" : authority.substring(0, at));
    String[] address = hostAndPort(authority.substring(at + 1));
    String database = decode(stripSlash(uri.getRawPath()));
    Map<String, String> params = query(uri.getRawQuery());
    String schema = params.getOrDefault("schema", params.getOrDefault("currentSchema", ""));
    if (!schema.isEmpty() && !SCHEMA.matcher(schema).matches()) {
      throw invalid("schema must be a lower-case identifier, not '" + schema + "'");
    }
    String sslMode = params.getOrDefault("sslmode", "");
    if (!sslMode.isEmpty() && !SSL_MODES.contains(sslMode)) {
      throw invalid("sslmode must be one of " + SSL_MODES);
    }
    return new PgLocation(
        address[0],
        Integer.parseInt(address[1]),
        database.isEmpty() ? credentials[0] : database,
        credentials[0],
        credentials[1],
        schema,
        sslMode);
  }

  /**
   * Options for the reactive client: the search path reaches the schema, slow queries end, and each
   * connection keeps its statements prepared, so the server parses and plans each of the store's
   * few statements once per connection instead of once per execution.
   */
  PgConnectOptions connectOptions(Duration queryTimeout) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(host)
            .setPort(port)
            .setDatabase(database)
            .setUser(user)
            .setPassword(password)
            .setCachePreparedStatements(true)
            .setPreparedStatementCacheMaxSize(PREPARED_STATEMENTS)
            .setPreparedStatementCacheSqlFilter(sql -> !sql.startsWith(PLANNED_EACH_TIME))
            .addProperty("application_name", "commandeer");
    if (!schema.isEmpty()) {
      options.addProperty("search_path", schema);
    }
    if (queryTimeout != null && !queryTimeout.isZero()) {
      options.addProperty("statement_timeout", Long.toString(queryTimeout.toMillis()));
    }
    if (!sslMode.isEmpty()) {
      options.setSslMode(SslMode.of(sslMode));
      // libpq's modes below verify-ca encrypt without checking the server's certificate.
      if (!sslMode.startsWith("verify")) {
        options.setSslOptions(new ClientSSLOptions().setTrustAll(true));
      }
    }
    return options;
  }

  /** The JDBC URL of the same database; user and password travel separately. */
  String jdbcUrl(Duration connectTimeout) {
    long seconds = Math.max(1, connectTimeout.toSeconds());
    String address = host.contains(":") ? "[" + host + "]" : host;
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(address)
            .append(':')
            .append(port)
            .append('/')
            .append(URLEncoder.encode(database, StandardCharsets.UTF_8))
            .append("?ApplicationName=commandeer&connectTimeout=")
            .append(seconds)
            .append("&loginTimeout=")
            .append(seconds);
    if (!sslMode.isEmpty()) {
      url.append("&sslmode=").append(sslMode);
    }
    return url.toString();
  }

  @Override
  public String toString() {
    String where = host + ":" + port + "/" + database;
    return "postgresql://" + user + "@" + where + (schema.isEmpty() ? "" : "?schema=" + schema);
  }

  private static URI toUri(String url) {
    try {
      return new URI(url.trim());
    } catch (URISyntaxException e) {
      // The message would repeat the URL, password included.
      throw invalid("is not a URL");
    }
  }

  /** {@code host}, {@code host:port}, {@code [::1]:port}; the port defaults to 5432. */
  private static String[] hostAndPort(String raw) {
    int close = raw.lastIndexOf(']');
    int colon = raw.lastIndexOf(':');
    boolean hasPort = colon > close && (close >= 0 || raw.indexOf(':') == colon);
    String host = hasPort ? raw.substring(0, colon) : raw;
    String port = hasPort ? raw.substring(colon + 1) : "5432";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || !port.matches("\\d{1,5}")) {
      throw invalid("needs host[:port], not '" + raw + "'");
    }
    return new String[] {host, port};
  }

  private static String[] userInfo(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new String[] {"postgres", ""};
    }
    int colon = raw.indexOf(':');
    if (colon < 0) {
      return new String[] {decode(raw), ""};
    }
    return new String[] {decode(raw.substring(0, colon)), decode(raw.substring(colon + 1))};
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!Set.of("schema", "currentSchema", "sslmode").contains(name)) {
        throw invalid("has unknown parameter '" + name + "' (known: schema, sslmode)");
      }
      params.put(name, value);
    }
    return params;
  }

  private static String stripSlash(String path) {
    return path == null || path.isEmpty() ? "" : path.substring(1);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("store.url " + problem);
  }
}

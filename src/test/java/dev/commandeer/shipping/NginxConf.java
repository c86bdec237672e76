package dev.commandeer.shipping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * nginx configuration read into directives and blocks, enough to ask what a location does. Not a
 * validator: {@code nginx -t} in {@link NginxProxyIT} is.
 */
record NginxConf(String name, List<String> args, List<NginxConf> block) {

  static NginxConf parse(String text) {
    List<String> tokens = tokenize(text);
    List<NginxConf> top = new ArrayList<>();
    int end = readBlock(tokens, 0, top);
    if (end != tokens.size()) {
      throw new IllegalArgumentException("unbalanced '}' in nginx configuration");
    }
    return new NginxConf("", List.of(), top);
  }

  String arg(int i) {
    return args.get(i);
  }

  /** Directives named {@code name} directly in this block. */
  List<NginxConf> children(String name) {
    return block.stream().filter(d -> d.name.equals(name)).toList();
  }

  /** Every directive below this one, depth first. */
  Stream<NginxConf> all() {
    return block.stream().flatMap(d -> Stream.concat(Stream.of(d), d.all()));
  }

  List<NginxConf> find(Predicate<NginxConf> test) {
    return all().filter(test).toList();
  }

  /** The arguments of the one directive {@code name} directly in this block. */
  List<String> value(String name) {
    List<NginxConf> found = children(name);
    if (found.size() != 1) {
      throw new AssertionError("expected one '" + name + "' but found " + found.size());
    }
    return found.get(0).args;
  }

  private static int readBlock(List<String> tokens, int start, List<NginxConf> into) {
    int i = start;
    List<String> words = new ArrayList<>();
    while (i < tokens.size()) {
      String token = tokens.get(i++);
      switch (token) {
        case ";" -> {
          into.add(
              new NginxConf(words.get(0), List.copyOf(words.subList(1, words.size())), List.of()));
          words.clear();
        }
        case "{" -> {
          List<NginxConf> inner = new ArrayList<>();
          i = readBlock(tokens, i, inner);
          if (i > tokens.size() || !tokens.get(i - 1).equals("}")) {
            throw new IllegalArgumentException("unclosed block " + words);
          }
          into.add(new NginxConf(words.get(0), List.copyOf(words.subList(1, words.size())), inner));
          words.clear();
        }
        case "}" -> {
          return i;
        }
        default -> words.add(token);
      }
    }
    return i;
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'') {
        int close = text.indexOf(c, i + 1);
        word.append(text, i + 1, close);
        tokens.add(word.toString());
        word.setLength(0);
        i = close;
      } else if (c == ';' || c == '{' || c == '}') {
        flush(word, tokens);
        tokens.add(String.valueOf(c));
      } else if (Character.isWhitespace(c)) {
        flush(word, tokens);
      } else {
        word.append(c);
      }
    }
    flush(word, tokens);
    return tokens;
  }

  private static void flush(StringBuilder word, List<String> tokens) {
    if (word.length() > 0) {
      tokens.add(word.toString());
      word.setLength(0);
    }
  }
}

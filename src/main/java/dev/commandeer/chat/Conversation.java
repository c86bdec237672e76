package dev.commandeer.chat;

import dev.commandeer.config.ReplyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One request from Mattermost as its ingress understands it. Every decision about replying that
 * depends on the ingress is made here, so that commands and replies never ask which ingress it was.
 */
public interface Conversation {

  /** Who typed what, and where. */
  Invocation invocation();

  /** How long somebody waits for the answer. */
  Reach reach();

  /**
   * The key under which Mattermost delivers this request at most once: a second delivery with the
   * same key is a repeat, not a new command. Empty when nothing identifies the request.
   */
  Optional<String> onceKey();

  /** Where a command's {@code reply:} mode puts its answer, as far as this ingress can show it. */
  Reply.Visibility visibility(ReplyMode mode);

  /**
   * The post to answer under: the root of the thread the command was typed in, asked of {@code
   * lookup} where Mattermost did not say; empty for a post of its own.
   */
  Future<String> threadRoot(ThreadLookup lookup);

  /**
   * The post an answer in the HTTP response is attached to as a comment, when this ingress attaches
   * it to one. Mattermost refuses a comment on a post that is itself a thread reply.
   */
  Optional<String> commentsOn();

  /** Where answers may be sent later without the bot account, if anywhere. */
  Optional<String> responseUrl();

  /** What a second delivery of the same request is told, given the run the first one started. */
  Reply repeated(String earlierRunId);

  /** The reply in this ingress's wire format: the HTTP answer, and a response URL's body. */
  JsonObject render(Reply reply);

  /** How long somebody waits for the answer. */
  enum Reach {
    /** Somebody waits for the answer however long the run takes: {@code commandeer try}. */
    WAITS,
    /**
     * Mattermost waits for the HTTP answer for a while; what takes longer is answered later, by the
     * bot or through the response URL.
     */
    HTTP
  }
}

package dev.evalhub.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The format of the hub's log on standard error: {@link #TEXT} (the default, one line a message:
 * time, thread, level, logger, message, then a stack trace when there is one) or {@link #JSON}
 * (Logback's {@code JsonEncoder}: one object a line with {@code timestamp} (epoch milliseconds),
 * {@code level}, {@code loggerName}, {@code threadName}, {@code mdc} (during an HTTP request:
 * {@code request_id} — the answer's {@code X-Request-Id} — {@code method} and {@code route}, the
 * route's template), {@code formattedMessage} and {@code throwable}). Both log evalhub's own
 * messages at INFO and the libraries' at WARN.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The pattern of {@link #TEXT}: as the hub logged before JSON existed. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} [%thread] %level %logger - %msg%n";

  /**
   * The format named by {@code word} ({@code text} or {@code json}, any case).
   *
   * @throws IllegalArgumentException for any other word
   */
  public static LogFormat parse(String word) {
    return switch (word.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(
              "log-format must be text or json, got \"" + word + "\"");
    };
  }

  /**
   * Makes this the format of every log line from now on, replacing the configuration the process
   * started with (its {@code logback.xml}).
   */
  public void install() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder(context));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    context.getLogger("dev.evalhub").setLevel(Level.INFO);
  }

  private Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (this == TEXT) {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern(TEXT_PATTERN);
      encoder.start();
      return encoder;
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // What an operator's log pipeline reads: no sequence numbers, nanoseconds, raw message
    // templates, arguments, markers or logger-context properties.
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.setWithArguments(false);
    encoder.setWithMarkers(false);
    encoder.setWithKVPList(false);
    encoder.start();
    return encoder;
  }
}

package dev.evalhub.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upload's progress on stderr: {@code [######### ] 45% 12.3 of 27.1 MB}, redrawn in place at
 * most ten times a second, and a final line when the upload ends. Thread-safe (the HTTP client
 * sends from its own threads).
 */
final class ProgressBar {

  private final PrintWriter err;
  private final AtomicLong sent = new AtomicLong();
  private volatile long total = -1;
  private volatile long drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /** {@code body}, counting the bytes the client takes from it. */
  HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher body) {
    total = body.contentLength();
    return new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return body.contentLength();
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
              }

              @Override
              public void onNext(ByteBuffer item) {
                advance(item.remaining());
                subscriber.onNext(item);
              }

              @Override
              public void onError(Throwable throwable) {
                subscriber.onError(throwable);
              }

              @Override
              public void onComplete() {
                subscriber.onComplete();
              }
            });
      }
    };
  }

  private void advance(long bytes) {
    long now = sent.addAndGet(bytes);
    long time = System.nanoTime();
    if (time - drawn > 100_000_000L || now >= total) {
      drawn = time;
      draw(now, false);
    }
  }

  /** Draws the final state and ends the line. */
  void done() {
    draw(sent.get(), true);
  }

  private synchronized void draw(long now, boolean last) {
    long all = total > 0 ? total : Math.max(now, 1);
    int percent = (int) Math.min(100, now * 100 / all);
    String bar = "#".repeat(percent / 5) + " ".repeat(20 - percent / 5);
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s] %3d%% %.1f of %.1f MB sent%s",
            bar,
            percent,
            now / 1e6,
            all / 1e6,
            last ? "\n" : ""));
    err.flush();
  }
}

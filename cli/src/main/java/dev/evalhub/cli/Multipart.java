package dev.evalhub.cli;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of log files, streamed from disk as it is sent: one {@code
 * file} part per log, its file name the log's name (folders included). Immutable.
 */
record Multipart(String boundary, HttpRequest.BodyPublisher publisher) {

  static Multipart of(List<LogFiles.Log> logs) throws FileNotFoundException {
    String boundary = "evalhub-" + UUID.randomUUID();
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    for (LogFiles.Log log : logs) {
      String name = log.name().replace("\"", "%22").replace("\r", "").replace("\n", "");
      parts.add(
          text(
              "--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + name
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
      parts.add(HttpRequest.BodyPublishers.ofFile(log.path()));
      parts.add(text("\r\n"));
    }
    parts.add(text("--" + boundary + "--\r\n"));
    return new Multipart(
        boundary,
        HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)));
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  private static HttpRequest.BodyPublisher text(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }
}

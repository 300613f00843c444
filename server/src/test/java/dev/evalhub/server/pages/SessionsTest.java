package dev.evalhub.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.account.WebSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page sessions are bounded: beyond {@link Sessions#MAX_SESSIONS}, the least recently used is
 * forgotten.
 */
class SessionsTest {

  @Test
  void sessionsBeyondTheBoundForgetTheLeastRecentlyUsed() {
    Sessions sessions = new Sessions();
    WebSession first = sessions.create();
    WebSession second = sessions.create();
    List<WebSession> rest = new ArrayList<>();
    for (int i = 2; i < Sessions.MAX_SESSIONS; i++) {
      rest.add(sessions.create());
    }
    assertThat(sessions.find(first.id())).as("used last, so kept").isPresent();

    WebSession overflow = sessions.create();

    assertThat(sessions.find(second.id())).as("least recently used").isEmpty();
    assertThat(sessions.find(first.id())).isPresent();
    assertThat(sessions.find(overflow.id())).isPresent();
    assertThat(sessions.find(rest.get(rest.size() - 1).id())).isPresent();
  }
}

package io.winnow.model;

import java.util.List;

/** The actions winnow can decide, by subject, from the weakest to the strongest. */
public final class Actions {
  private Actions() {}

  public static final List<String> POST = List.of("limit-visibility", "delete-post");
  public static final List<String> ACCOUNT = List.of("remove-followers", "demonetise", "suspend", "close-account");

  public static List<String> forSubject(Subject subject) {
    return subject == Subject.POST ? POST : ACCOUNT;
  }

  /** Rank of an action within its subject (higher is stronger), -1 when unknown. */
  public static int strength(String action) {
    int post = POST.indexOf(action);
    return post >= 0 ? post : ACCOUNT.indexOf(action);
  }
}

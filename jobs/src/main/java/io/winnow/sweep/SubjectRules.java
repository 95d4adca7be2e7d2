package io.winnow.sweep;

import io.winnow.engine.CompiledRules;
import io.winnow.model.RuleSet;
import io.winnow.model.Subject;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * The rules of one subject as a sweep compiles them: the broadcast rule set, the subject, and which similar-to
 * catalogues go to the banded join ({@code joinAboveClaims}), decided once per sweep and handed to every stage (the
 * text pass, the claim join, the decision pass), which compile from it on the driver or an executor. Compiling is
 * done once per JVM: {@link CompiledRules#of(RuleSet, Subject, int)} caches by rule set hash.
 */
public record SubjectRules(Broadcast<RuleSet> rules, Subject subject, int joinAboveClaims) implements Serializable {
  /** Every similar-to leaf matched in the pass: no catalogue is joined. */
  public static SubjectRules inThePass(Broadcast<RuleSet> rules, Subject subject) {
    return new SubjectRules(rules, subject, Integer.MAX_VALUE);
  }

  public CompiledRules compiled() {
    return CompiledRules.of(rules.value(), subject, joinAboveClaims);
  }
}

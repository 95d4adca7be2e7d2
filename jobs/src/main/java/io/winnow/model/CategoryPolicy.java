package io.winnow.model;

import java.io.Serializable;
import java.util.List;

/**
 * How findings of one category become actions: the account ladder (ascending strikes), and the blast-radius limit —
 * a run that would issue more than {@code maxActions} actions in this category stops without committing.
 */
public record CategoryPolicy(String category, List<LadderStep> ladder, long maxActions) implements Serializable {}

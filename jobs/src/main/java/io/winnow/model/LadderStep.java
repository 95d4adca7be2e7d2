package io.winnow.model;

import java.io.Serializable;

/** One step of a category's account ladder: at {@code strikes} actioned posts in the window, take {@code action}. */
public record LadderStep(int strikes, String action, Integer days) implements Serializable {}

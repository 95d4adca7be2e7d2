package io.winnow.model;

import java.io.Serializable;
import java.util.List;

/**
 * One rule of a pack. {@code id} is stable and never reused; {@code version} changes with the conditions.
 * {@code origin} is where it was defined ({@code rules/rumour.conf:12}). {@code suspendDays} is set for the suspend
 * action only; {@code examples} are the records the rule must and must not match ({@code winnow rules test}).
 */
public record Rule(
    String id,
    int version,
    String category,
    String subcategory,
    Subject subject,
    Severity severity,
    Status status,
    String description,
    String action,
    Condition when,
    String origin,
    Integer suspendDays,
    List<Example> examples) implements Serializable {}

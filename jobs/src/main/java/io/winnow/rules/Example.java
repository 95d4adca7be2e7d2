package io.winnow.rules;

import java.io.Serializable;
import java.util.Map;

/** An example carried by a rule: a record (post text or account fields) that must or must not match. */
public record Example(boolean mustMatch, Map<String, Object> fields, int line) implements Serializable {}

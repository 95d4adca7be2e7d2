package io.winnow.generate;

import java.io.Serializable;

/**
 * A protected name: a military unit, public institution, news organisation or (fictional) news anchor whose real,
 * verified account exists in every generated archive and whose name impersonators copy.
 *
 * @param subcategory impersonation subcategory: military, institution, news-media, news-anchor
 * @param name the name the real account displays
 * @param otherName the name in the other language, used by some impersonators and fan accounts
 * @param handle the real account's handle
 * @param verificationType accounts.verification_type of the real account
 * @param chinese whether {@code name} is Chinese (decides the language of decorations)
 */
record ProtectedEntity(String subcategory, String name, String otherName, String handle, String verificationType,
    boolean chinese) implements Serializable {
}

package io.winnow.generate;

/**
 * What to generate.
 *
 * @param posts number of posts (ids p0000000000 … in time order)
 * @param accounts number of accounts; at least the reserved roles (real, impersonator, fan, licensed) plus 8
 * @param days days the posts are spread over, from winnow.generate.start-date
 * @param seed the same seed always gives the same archive
 * @param outDir any Hadoop path; posts/, accounts/, reports/ and labels/ under it are overwritten
 */
public record GenerateRequest(long posts, long accounts, int days, long seed, String outDir) {
}

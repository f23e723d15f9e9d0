// Package stats computes GRPO group statistics: per group (Group, Advantages,
// PassAtK, used by filter and by the batch builders) and per file, in one
// streaming pass (Accumulator, Run): memory grows with the number of
// categories and difficulties, never with the number of records.
//
// The rules every number follows:
//
//   - Scored: a response is scored when its score is not null. A response
//     without a score is left out of every mean, std, pass rate, pass@k and
//     advantage, as if it had not been sampled; it is only counted (Missing).
//     A group with some scores missing is "partial"; one with responses but no
//     score at all is "unscored" and contributes to counts only. A group with
//     no responses is "empty".
//   - Correct: a scored response is correct when its "correct" flag is true;
//     without a flag, when its score is exactly 1. Pass rate is correct over
//     scored responses.
//   - Std is the population standard deviation sqrt(Σ(r-mean)²/n) over the
//     group's scored responses, so the GRPO advantages of [1,0,1,0] are
//     [1,-1,1,-1] (up to eps). Note that torch.std, which TRL, verl and
//     OpenRLHF call, is Bessel-corrected (divides by n-1); set
//     AdvantageConfig.SampleStd to reproduce those trainers' numbers exactly.
//   - Advantages: GRPO (r-mean)/(std+eps), eps 1e-6 by default; Dr. GRPO
//     r-mean (no std normalisation, Liu et al. 2025).
//   - Zero variance: a group with at least one scored response whose scored
//     responses all have the same score: every advantage is 0, no learning
//     signal (DAPO's dynamic sampling drops these groups).
//   - pass@k: the unbiased estimator of Chen et al. 2021 (Codex),
//     1 - C(n-c,k)/C(n,k), computed as the product 1 - Π_{i=n-c+1..n} (1-k/i),
//     with n the group's scored responses and c its correct ones. Only groups
//     with n >= k contribute to pass@k; a file's pass@k is the mean over them.
//   - Lengths are of the response text ("text", not "reasoning"), in Unicode
//     characters (runes), and in tokens when a Counter is given.
//
// Exported float results are rounded to 6 decimals so JSON and text output are
// byte-stable across platforms.
package stats

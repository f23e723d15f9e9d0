// Package report turns GRPO data into one self-contained HTML page: summary
// tiles, inline SVG charts (score distribution, group score spread, pass
// rate by category and by difficulty, response length, verification
// coverage and failure reasons) and a browsable sample of groups.
//
// Collect reads the input in one streaming pass: memory holds aggregates
// and a reservoir sample of groups (Config.Sample, default 50, deterministic
// for Config.Seed), never the data set. WriteHTML renders the page with
// html/template (all text escaped); it embeds its data as JSON in a
// <script type="application/json" id="report-data"> element and loads
// nothing from the network.
//
// Definitions follow the stats package: a response is correct when its
// "correct" flag says so, else when its score is 1; an unscored response
// (score null) is never correct and counts as not verified. Group spread is
// the population std of the group's scores, over groups with at least two
// scores. Failure reasons are metadata.verifier.reason up to the first ":",
// as written by grpodata verify. Lengths are in characters, and in tokens
// with Config.Tokenizer.
//
// What trainers log comes from package stats, never a second copy: pass@k
// (stats.PassAtK through a stats.Accumulator fed the report's labels, so it
// stays bounded), the reward std (population std of every scored
// response), GRPO advantages (stats.DefaultAdvantage: zero-variance groups
// and single scores give 0). The truncation ratio is the share of responses
// whose metadata.finish_reason is "length". Printed figures follow
// stats.FormatScore and stats.FormatPercent.
//
// The page says which data it describes (Config.Stage); given the filter's
// output (Config.Filtered), it also shows the groups after filtering, read
// with stats.Run.
package report

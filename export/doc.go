// Package export writes GRPO records in the shapes trainers read: verl's
// Parquet datasets (prompts, or groups with their responses and rewards) and
// TRL's JSONL datasets (prompt-only for GRPOTrainer, preference pairs for
// DPOTrainer).
//
// Each output shape is a Format, one file each, registered by name in a
// Registry (Default holds the built-in ones). A Format turns records into an
// Encoder bound to an io.Writer; Run drives one: it streams JSONL inputs
// (plain, .gz or .zst), feeds the records to the encoder in input order and
// writes the result atomically (a temporary file beside the destination, fsynced and
// renamed; the destination is never half written).
//
// A record that has no place in a format (an empty prompt, a group without
// scores for a preference pair) is skipped and counted with its reason, and a
// record written with a caveat (no reference answer, no data source) is
// counted as a note; only I/O and configuration errors stop an export. Memory
// does not grow with the input: Parquet row groups are flushed at a bounded
// size and JSONL is written line by line.
//
// The verl and trl formats also write grpodata_reward.py (package
// export/reward) beside a file output: the reward for verl, TRL and OpenRLHF,
// which scores a completion with `grpodata verify` and the verifier that
// labelled the row. verl holds Options.ValFraction of the rows out in
// ValPath(output). VerlCommand, TRLScript and OpenRLHFCommand are the
// hand-off that trains on them, sized from the data.
package export

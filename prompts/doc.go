// Package prompts converts common benchmark data sets into grpodata prompt
// files: records with a prompt and the references verifiers read (answer,
// tests, entry_point, solution) and no responses.
//
// Each data set is a Format, registered by name in one file of its own
// (gsm8k.go, math.go, mbpp.go, humaneval.go). A Format names the fields that
// identify it, so a file's format can be detected from its first line, and
// converts one row (a JSON object) into a record. A row that does not have
// the shape of its format is an error naming the field; Convert adds the
// file and line.
//
// The conversions, in short:
//
//	gsm8k      question -> prompt; the number after "####" -> answer (thousands
//	           separators removed); the worked answer before it -> solution
//	           (calculator annotations <<...>> removed); category "math".
//	math       problem -> prompt; the content of the last \boxed{...} of the
//	           solution -> answer (the row's "answer" when it has no \boxed);
//	           level -> difficulty (1-2 easy, 3 medium, 4-5 hard); type -> category.
//	mbpp       text + the first test as a usage hint -> prompt; test_list -> tests;
//	           code -> solution; the function the first test calls -> entry_point;
//	           task_id -> id "mbpp/N".
//	humaneval  an instruction + the signature and docstring -> prompt; test (a
//	           program defining check(candidate)) -> tests; prompt +
//	           canonical_solution -> solution; task_id -> id.
//
// Config.Instruction adds a line to every prompt ("Put your final answer
// within \boxed{}."); Config.System or Config.Chat make chat prompts.
// Output is byte-stable: the same input gives the same lines.
package prompts

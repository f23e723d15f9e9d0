// Package mathexpr is the math engine of grpodata: it extracts final answers from model
// responses, parses LaTeX and plain-text math, decides whether two answers are equivalent, and
// solves simple prompts that come without a reference answer. It knows nothing about records.
//
// The engine is hand-written on the standard library (math/big for exact arithmetic,
// math/cmplx for numeric checks): no Go library handles LaTeX answer equivalence well, and a
// small purpose-built engine is both stricter and orders of magnitude faster than a computer
// algebra system (a typical check takes microseconds).
//
// # API
//
//   - [Extract] finds the final answer in a long chain-of-thought response.
//   - [Clean] normalizes an answer string; [Parse] turns it into an [Expr] tree.
//   - [Equivalent] compares a reference answer with a candidate answer.
//   - [Solve] produces a reference answer for a prompt that has none (equations, inequalities
//     and linear systems, derivatives, evaluation and simplification), or says why it cannot.
//
// # Extraction
//
// Extract tries, in order: the last <answer>...</answer> tag (its content read by the same
// rules); the last \boxed{...} or \fbox{...} (nested braces; "\boxed 5" too), so the last
// boxed answer is the final one (boxes on one line joined only by "and", "or", commas, "x ="
// or math delimiters form one list: "$x=\boxed{2}$ or $x=\boxed{3}$" and
// "\(\boxed{1}\) and \(\boxed{-2}\)" are "2, 3" and "1, -2"; so do boxes joined by a part
// label or one unit word before "and" or a comma, "\boxed{1} papers and \boxed{2} bins", but
// not across a copula or a denial, "\boxed{3} is wrong, \boxed{4}"), unless a decisive "the (final)
// answer is ..." or "Answer:" statement comes after the box (a box is often an intermediate
// value; "the answer would be", a hypothetical ("if we counted the corners, the answer is
// 12"), a lower-case comment such as "the answer is correct" and a negation do not override
// it); "the (final) answer is ..." (a $...$ span right after the
// phrase, otherwise up to the end of the sentence); an "Answer:" or "**Final Answer:**" label,
// the later of the two winning; the GSM8K "#### 42" marker; the whole response when it is one
// short line that is not prose; then, on the last sentence of the last line: a statement that
// there is no solution ("the equation has no real solutions", but not "no solution other than
// x = 2" or "if a = 0 there is no solution"); a list of solutions ("so x = -7 or x = 1",
// "x = 2, x = 5", "the roots are -7 and 1"), read whole; the $...$ span the sentence ends on
// ("so the minimum value is $70\sqrt{2}$", or the span before a last one that only names a
// variable, "$7$ values of $n$"); the right-hand side of its last "=" (the side before it when
// that is only a name, "= 17 = x"); its last $...$ span; the same two on the whole last line;
// then the last number of that sentence ("Therefore, there are 12 distinct sequences that meet
// the three conditions", unless it denies something); and finally the last number. An "="
// that is part of <=, >= or != is no equation ("Thus $x <= 2$ is our answer" is x <= 2), and an
// answer label followed by a sentence with exactly one number and no math states that number
// ("Final Answer: Jane started growing Sphere 3 hours ago" is 3). A response ends at a chat
// template's next turn (<|im_start|>user, <|im_end|>, <|eot_id|>, </s>), and closing remarks
// after the answer ("I hope it is correct.", "Let me know if ...") are dropped before the last
// sentence is read. [asy] pictures are skipped; the last line of a display
// ("&= 12. \end{align*}") is read without its environment, and a display closed by \] or $$
// ends a sentence.
//
// A correction written after the answer, whether it was a "the answer is" statement, an
// "Answer:" label, a box or a "#### N" marker, replaces it (an <answer> tag is read alone): a sentence or clause that opens with a correction
// marker (actually, wait, no, sorry, correction, I mean, on second thought, I was wrong, my
// mistake, that is wrong, ...) and goes straight on to restate the value ("it is", "it's", "it
// should be", "it must be", "the value is", "the answer should be", "I meant"; or "make that"
// alone), or straight to the value itself when the sentence is only that value ("Sorry, 5.",
// "The answer is 4, no, 5"; not "Wait, 2 + 3 = 5", a check): "The answer is 3. Actually, it is
// 4." is 4, and of several corrections the last one counts. A hedged correction ("Actually, it
// might be 5", "maybe it's 5", "it's probably 5", also without a marker) of another value
// leaves no answer. A denial there is read too: "Wait, it's not 4, it's 6" is 6, and "Actually, it is not
// 4" after the answer 4 takes it back, leaving no answer, as does a sentence that only retracts
// the answer or its correction ("Wait, that's wrong.", "I made a mistake."; not "Is that
// wrong?"), unless a later statement names the answer. A sentence that calls the stated value
// itself wrong ("Actually, 12 is wrong.") takes it back too, and a restatement right after it
// ("It's 13.", "it should be 13") is the answer; calling another value wrong changes nothing. A correction that is undecided ("it is
// 5 if we count the corners", "not 5, it's 6 or 7 if we round") leaves no answer rather than the
// earlier one. No correction: a question ("Actually, is it 5?", "Wait, it is 5?"), a hypothetical
// ("Actually, if it were 5, ..."), a marker without a restatement ("Wait, let me verify: 2+2 =
// 4"), a restatement without a marker ("It is 2 + 2 = 4"), and a restatement that names no value
// ("Actually, it is easy to check ...", "it is correct", "it's $x$ that we need").
//
// An answer statement written as a sentence is read for its value: "The largest $n$ is 34" is
// 34, "not 4, it is 6" and "not 4 but 6" are 6, while "the answer is not 4" alone names no
// answer; a reason or a rejected alternative after the value is dropped ("7, not 8",
// "12 (since 3*4 = 12)", "5 because ..."), and math spans joined by commas, "and" or "or"
// form one list ("$x = 3$ and $y = 4$"). "or" and "and" glued between a value and the next
// answer ("x=1orx=2", "W(x)=1orW(x)=-1") separate answers too, so such a hedge is no chain
// ending on its last value ("5orders" stays 5 with a word). After a final "=", a number followed by words is that number ("= 15 liters of water
// out of the 24 liters", "= 18000/year", "= 34 a month", "6th place"), but "3 to 4" and
// "5 times 3" stay math. Dollar signs that do not pair into math spans ("$400 + $60 = $460",
// "$15*13=$195") are currency, and GSM8K calculator annotations <<9*2=18>> are dropped.
// A response whose backslashes are all doubled, as in JSON-escaped output (\\frac{1}{2}), is
// read with single backslashes; in a mixed text only a doubled backslash before a known
// command is undone, so a matrix row break \\ stays.
//
// The extracted answer is cut to the value a chain ends on: "x = 2\cdot 3 = 6" is "x = 6", and
// the exact value written before \approx wins over the rounded one ("x = 1/3 \approx 0.333" is
// "x = 1/3"; "x \approx 0.333" is 0.333), unless the chain goes on with "=" after the rounding
// ("\frac{2.33}{43} \approx 0.054 = 5.4 \text{ cents}" is 5.4 cents). A congruence chain ends on
// its residue and a trailing modulus is dropped ("24 \equiv 3 \pmod{7}" and
// "\boxed{3 \pmod 7}" are 3). Lists, bindings and inequalities are not chains.
//
// # Clean-up
//
// Before parsing, Clean drops $, \( \), \[ \] delimiters, \left/\right and other sizing,
// spacing commands (\, \; \! \quad \ ~), \displaystyle, \$ signs, degree marks (^\circ, °),
// markdown bold, a leading "=" or \approx, and trailing punctuation; \dfrac, \tfrac and \cfrac
// read as \frac, ½, ¾, ... as fractions, a plain "1 1/2" as the mixed number 1\frac{1}{2},
// and a number word alone ("three") as its number. Thousands separators: between a group of
// 1-3 digits and a group of exactly 3 digits, "{,}" and ",\!" (also followed by a space:
// 1,\! 000; "{,}" also with spaces, 14 {, }916) always separate thousands, and a bare comma, "\,", "\!" or a space do so only for
// a number standing outside brackets (1,000,000 = 1 000 000 = 12,\!000 style = 1000000).
// Inside (), [], \{\} or a bare {} a comma separates elements, so (1,100) is a tuple,
// [1,100] an interval and neither is 1100, and spacing there never matters ([-36, 104] =
// [-36,104]); the braces of a command argument (\frac{1,000}{3}) are not brackets. A comma
// followed by a space separates a list ("1, 2" is a set), and a group starting with 0 is never
// a thousands group ("0,111"). Repeating decimals are exact: 0.\overline{3} = 1/3,
// 0.1\overline{6} = 1/6. \text{...}, \mathrm{...} or \mbox{...} holding only words (units such
// as "cm", "meters", "dollars"; also with a power, \mathrm{m}^2) is ignored after a value,
// whatever spacing comes before it (5\ \mathrm{cm} = 5); \text{...} holding math is read as
// math; "or"/"and" separate answers. A list element made only of words is an answer of its
// own, not a unit: "9, \text{Evelyn}", "9 or Evelyn" and "\text{Evelyn}, 9" are two answers
// and never equal 9 (an introduction before a comma, "Therefore, x = 4", is dropped). A
// negation ("not 4", \text{not } 4, "never", \notin) has no reading, so an answer that denies
// a value never equals it; \not= is \ne. \mathbb{R} is (-∞, ∞), and so is "all real numbers".
//
// # Parsing
//
// The parser reads \frac{a}{b} (and \frac12), \sqrt{x} and \sqrt[n]{x}, ^ and **, implicit
// multiplication (2x, 2(x+1), x\sin x), \cdot, \times, \div, /, \pi, e, i, \infty,
// \sin, \cos, \tan and their inverses (also \sin^{-1}), \sinh..., \ln, \log (natural log),
// \log_b, \exp, |x|, \lfloor\rfloor, \lceil\rceil, n! (a "!" right after a number or a closing
// bracket is a factorial even before "=": 5!=120 is 5! = 120, while x != 3 is \ne), \binom{n}{k} (\dbinom, \tbinom,
// {n \choose k}), percent, sets \{1, 2\}, intervals [0, 1) and the set operations \cup, \cap,
// \setminus (\backslash), tuples (1, 2) and \langle\rangle, pmatrix, bmatrix and array
// matrices, equations and inequality chains (=, <, \le, >, \ge, \ne, \in, \approx), \pm and
// \mp, and scientific notation (1.2e3, 1.2 \times 10^{3}). In LaTeX a letter is one variable
// (xy is x·y) and subscripts name variables (x_1); an upper-case run such as NO names points
// even where its lower-case spelling is a word.
//
// Plain-text and programming notation (Python, SymPy, calculators) reads the same way:
// -12*x**2 + 10*x + 3, sqrt(2)/2, pi, exp(x), log(x) (natural), log(x, b), log10(x), log2(x),
// abs(x) and Abs(x), cbrt(x), pow(a, b), factorial(n), binomial(n, k) and comb(n, k),
// Rational(p, q), Max/Min, oo, with or without a module prefix (math., np., sympy.). ** binds tighter than unary minus (-x**2 is -(x^2)) and is
// right-associative (2**3**2 is 2^9). Any other word of four or more letters directly before
// "(" is an unknown function and a syntax error: skipping it as text would read factorial(5)
// or Sqrt(2) as its argument. A doubled backslash before a known command (\\frac, \\le, from
// a doubly escaped string) is read as one; in a matrix \\ before anything else is a row break.
//
// Operators the engine does not evaluate (\int, \sum, \lim, \det, ...) are syntax errors
// rather than variables.
// A whole number directly followed by \frac of two whole numbers is a mixed number:
// 2\frac{1}{2} = 5/2 (while 2\cdot\frac{1}{2} = 1). A trigonometric function of a number
// of degrees is evaluated in radians: \sin 60^\circ, \cos(45°), \tan\left(30^{\circ}\right)
// (Clean rewrites it into radians before it drops degree marks).
//
// # Equivalence rules
//
//   - Numbers are compared exactly (rational and Gaussian-rational arithmetic with math/big):
//     1/2 = 0.5 = \frac{2}{4} = 50\% read as 0.5.
//   - Decimals are strict. A decimal equals an exact reference only when it is exactly that
//     value: 0.5 = 1/2, but 0.3333 is not 1/3 and 3.14 is not \pi (a decimal literal never
//     equals an irrational value). Against a decimal reference the candidate must be the same
//     number: 12.350 = 12.35 = 247/20, but 12.3 is not 12.35. (A value the exact evaluator
//     cannot see as rational, such as \sin(\pi/6), counts as the fraction with denominator up
//     to 1000 that it is within 1e-12 of, so 0.5 = \sin(\pi/6).)
//   - Expressions with \sqrt, \pi, e, i, trigonometric and logarithmic functions are simplified
//     exactly where cheap (perfect powers and roots, log_2 8, i^2); otherwise both sides are
//     evaluated in complex floating point and must agree to a relative 1e-10 (constants) or
//     1e-8 (with variables). Expressions with variables are evaluated at six points with
//     positive values and four with negative values; all defined points must agree, except
//     that a negative point where either side is not real is skipped (so ln(xy) = ln x + ln y,
//     but \sqrt{x^2} is |x|, not x). \binom{n}{k} with a whole k is the polynomial
//     n(n-1)...(n-k+1)/k!, so \binom{n}{2} = n(n-1)/2 and \binom{n}{2} is not \binom{n}{3}.
//   - Equations: "x = 5" answers 5 (a lone variable, or a product of letters such as AB, on
//     one side is dropped; chains x = y = 5 too; a computation without variables such as
//     "2 + 3 = 5" answers its last side, and so does a worked chain x = 2 + 3 = 5). Two
//     equations are equal when L1-R1 and L2-R2 are proportional (x^2+y^2=1 equals
//     x^2+y^2-1=0; 2x+3y=6 equals y = 2 - 2x/3). "A = value" with a named quantity on the left
//     and no variable on the right answers the value: |AB| = 1, A:B = 1, \frac{NO}{BO} = c,
//     V_1:V_2 = 11:21, \sin A = 1/2, and an evaluation f(0) = -2 (f, g, h, p, q or their
//     capitals written directly before a constant in brackets); a candidate may also name a
//     sum of distinct quantities (a + b + c = 20 answers 20; a + a = 20 does not). A name has
//     no number and no power in it: x + 1 = 12 and x^2 = 4 do not answer 12 and 4, nor 11
//     and 2; a reference x + y = 1 is a line, not the value 1. A candidate with a constant
//     coefficient answers the value it leaves for the name, never the right side: 2c = 2\sqrt{5}
//     answers \sqrt{5} and not 2\sqrt{5}, 2x = 12 answers 6, \frac{x}{2} = 3 answers 6 (one
//     reading per candidate: the one the equation states about c, as it equals c = \sqrt{5}
//     against an equation reference). An equation with the variable on both sides answers no
//     value. A Leibniz label
//     (dy/dx = f, d/dx = f) answers f. In a chain with \approx only the exact part counts
//     (x = 1/3 \approx 0.33 is 1/3; x \approx 3.2 is 3.2). A label of words before "=" is
//     dropped like a variable: "Area = 12" and "\text{Total cost} = 12" answer 12.
//   - Solution sets compare in any order and ignore repeats: "x=1 or x=2", "{1,2}", "1, 2",
//     "x = 1, 2", "x=2, x=1" are all equal; a missing or extra element is not. a \pm b expands
//     into two answers. A single value equals a one-element set and the same value repeated.
//   - Sets of real numbers compare through one normal form (sorted, disjoint intervals and
//     points): unions merge where they overlap or touch at a closed end ([1,2] ∪ [2,3] =
//     [1,3], but [1,2) ∪ (2,3] is not [1,3]), \cap and \setminus are computed
//     (\mathbb{R}\setminus\{0\} = (-∞,0) ∪ (0,∞), [1,3] ∩ [2,5] = [2,3], [0,1] ∩ [2,3] = ∅),
//     and the ends are then compared exactly, open versus closed included ([0,1] is not
//     (0,1)); ends at ±∞ are always open. Finite sets of any answers intersect and subtract
//     element by element ({1,2,3} ∩ {2,3,4} = {2,3}). A one-variable inequality or chain is
//     an interval once the variable is isolated (negation, added constants and constant
//     factors undone, a negative factor flipping the sign): -x > -1 is x < 1, 2x + 1 \le 5 is
//     (-∞, 2], -2 < x \le 3 is (-2, 3], x \ne 0 is (-∞, 0) ∪ (0, ∞); "x < -1 or x > 2" is a
//     union and "x > -1 and x < 2" (\wedge) an intersection, while comma-joined pieces that
//     overlap ("x > -1, x < 2", where the comma could mean either) are left unevaluated and
//     equal only the same text; |x - 1| < 2 is (-1, 3),
//     |x - 1| > 2 is (-∞, -1) ∪ (3, ∞), and a chain 1 \le |z| \le 2 is the intersection of its
//     halves; set-builder notation \{x | x > 0\} reads as its condition. A two-element (a, b)
//     against an interval reads as an open interval.
//   - Tuples and points are ordered: (1,2) is not (2,1). Against a bare list reference
//     "1, 2" a tuple compares as a set.
//   - Variable bindings compare by name: "x = 2, y = 3" equals "y = 3, x = 2" and the tuple
//     (2, 3) (read in the sorted order of the names), not "x = 3, y = 2". Bindings that name
//     the same variables again (p = 5, q = 2; p = 7, q = 2) are a set of such tuples.
//   - Matrices compare by shape and entries; a one-row or one-column matrix equals a tuple of
//     its entries. Arithmetic on written-out matrices is carried out first, entry by entry
//     (2\begin{pmatrix}1\\2\end{pmatrix} is the column 2, 4; A + B, A - B, AB and A^n for
//     n up to 16 with matching shapes); anything else with a matrix in it stays unevaluated.
//   - ∞, +∞, "infinity" and "oo" are equal; -∞ is different.
//   - "no solution", "none", "no real solutions", "DNE", \emptyset, \varnothing and \{\} are
//     all the empty answer and equal only each other (and a set operation that comes out
//     empty).
//   - Complex numbers are exact where possible: 1+2i = 2i+1, 1/i = -i, \sqrt{-4} = 2i.
//   - Multiple choice: a reference that is a single capital letter A-J, with or without
//     parentheses or \text{}, is matched against the candidate's leading letter: (B), B,
//     \textbf{(B)}, "B) 12", "Option B". A candidate that names a second option ("(C), (D)",
//     "(C) or D"), lists a second answer ("(C), 288\pi") or uses the letter in an expression
//     (\text{(C)}+1) chose no single option.
//   - Word answers (yes, no, even, a weekday) compare case-insensitively.
//   - Numerals in a base: a reference such as 52_8, 4210_{5}, 1011_{(2)} or A3_{16} asks for
//     that numeral. The candidate must have the same digits (leading zeros and letter case
//     aside) with the same base subscript or none: 52_{8} and 52 pass; 53_8, 52_9, the decimal
//     value 42 and 42_{10} do not. (A subscript on something that is not a numeral in that
//     base, such as x_1 or F_{20}, is a variable's name as before.)
//   - Units, % and ^\circ are optional on either side: 45^\circ = 45, "15 cm^2" = 15,
//     25\% = 25 = 0.25 ("25 percent" and "25 pct" are 25\%). Without a % sign 0.25 is not 25.
//     A bare angle is not converted between degrees and radians (30^\circ is 30, not \pi/6);
//     inside a trigonometric function it is (\sin 30^\circ = 1/2).
//   - Percent questions: with Options.Question set to a question that asks for a percent
//     ("What percent ...", "as a percentage", "by what percent", "percent increase"), a bare
//     number that is exactly 100 times a reference written as a fraction answers it (25 for
//     \frac{1}{4}). A decimal reference is not read that way (0.25 may be the percent itself).
//
// # Limits
//
// Every check runs under a time budget (Options.Timeout, default 1 s, and the context) and
// size limits: inputs up to MaxResponseLen bytes, cleaned answers up to MaxInputLen bytes,
// 4000 tree nodes, nesting depth 500, exact
// integers up to 16384 bits, factorials up to 1000!, 16 \pm choices, matrix powers up to 16
// (and matrix products within the node limit). Exponent towers such as
// 2^{2^{2^{100}}}, 1000000! or 10^{10^{10}} end quickly with ErrTooLarge, never with a stuck
// goroutine or an out-of-memory; a spent budget ends with ErrTimeout. The engine starts no
// goroutines and is safe for concurrent use. Interval ends are ordered in floating point (ends
// within 1e-12 of each other are the same end) and then compared exactly; an end without a
// real value (a variable) leaves the sets to be compared interval by interval.
//
// # Where grpodata differs from Math-Verify
//
// bench/mathverify runs the engine on Hugging Face Math-Verify's own parametrized tests
// (convert.py reads a fetched copy; their data is not kept here). Where a case is
// mathematically unambiguous the engine agrees with it. It differs on purpose where a reward
// would otherwise be wrong or depend on a setting:
//
//   - Decimals are not rounded to a precision. Math-Verify compares at float_rounding digits,
//     so 0.0833333333333333 = 1/12, (0.6, 2.6667] = (3/5, 8/3] and 4.123105625617661 = \sqrt{17}
//     pass there; here a decimal equals only its exact value, because a policy rewarded for a
//     rounded value learns to stop simplifying, and the precision a question wants is not
//     known.
//   - A decimal comma is not read: "1,22" is the list 1, 22 and "0,111" the list 0, 111, not
//     1.22 and 0.111, since "1,222" (one thousand two hundred twenty-two) and a list of answers
//     use the same comma.
//   - An inequality and its interval are one answer in both directions: x \in [-2, 7] equals
//     -2 \le x \le 7 whichever is the reference (Math-Verify's default allow_set_relation_comp
//     = False refuses a set reference against a relation).
//   - Variables are compared by name (Math-Verify's strict=True): f(x) is not f(y). Its
//     non-strict mode, which renames variables, is not offered.
//   - Sums, integrals and limits (\sum, \int, \lim) are not evaluated; a reference with one is
//     undecided rather than compared symbol by symbol.
//   - One case there expects 1 - \frac{1}{\mathrm{e}} to equal 1 + \frac{1}{\mathrm{e}}; here
//     it is not equal.
//   - Extraction: an inline $...$ spanning lines ("Answer $ \n 9 \n $") is read (Math-Verify's
//     regular expressions do not match it and expect no answer), and boxes joined by arbitrary
//     text ("\boxed{35 cm} ++++++ \boxed{4}") are not one list; long responses, several boxes
//     joined by a part label or unit word, "x <= 2" in a sentence and "14 {, }916" agree.
package mathexpr

#!/usr/bin/env python3
"""Generates corpus.jsonl: labelled (reference, response, equal) cases for mathexpr.

Run from this folder: python3 gen_corpus.py > corpus.jsonl
Hand-written cases come first; families of generated cases (seeded, so the output is stable)
follow. Every label is correct by construction; near-misses are marked equal=false.
"""
import json, random
from fractions import Fraction

R = random.Random(20261125)
cases = []

def add(cat, ref, resp, eq, known=False):
    c = {"cat": cat, "ref": ref, "resp": resp, "eq": eq}
    if known:
        c["known"] = True
    cases.append(c)

T, F = True, False
hand = [
 # numbers, fractions, decimals
 ("number", r"\frac{1}{2}", "0.5", T), ("number", r"\frac{1}{2}", r"\dfrac{1}{2}", T),
 ("number", r"\frac{1}{2}", r"\tfrac12", T), ("number", r"\frac{1}{2}", "1/2", T),
 ("number", r"\frac{1}{2}", "2/4", T), ("number", r"\frac{1}{3}", "0.3333", F),
 ("number", r"\frac{1}{3}", "0.33", F), ("number", r"\frac{2}{3}", "0.67", F),
 ("number", r"\frac{2}{3}", "0.6667", F), ("number", "0.5", r"\frac{1}{2}", T),
 ("number", "12.35", "12.350", T), ("number", "12.35", "12.3", F), ("number", "12.35", r"\frac{247}{20}", T),
 ("number", "12.35", "12.4", F), ("number", "0.1", r"\frac{1}{10}", T), ("number", "-3", "-3.0", T),
 ("number", "-3", "3", F), ("number", "7", "07", T), ("number", "1000", "1,000", T),
 ("number", "1000000", "1,000,000", T), ("number", "1000000", r"1{,}000{,}000", T),
 ("number", "1000000", r"1\,000\,000", T), ("number", "1234567", "1,234,567", T),
 ("number", "1234567", "1,234,568", F), ("number", "1000", "100", F), ("number", "1000", "10000", F),
 ("number", r"-\frac{3}{4}", r"\frac{-3}{4}", T), ("number", r"-\frac{3}{4}", r"\frac{3}{-4}", T),
 ("number", r"-\frac{3}{4}", r"\frac{3}{4}", F), ("number", "0", "-0", T), ("number", "0", "0.0", T),
 ("number", "0", "0.001", F), ("number", "5", "5.", T), ("number", "5", r"5\%", T),
 ("number", "42", "42.000", T), ("number", "42", "41.999", F), ("number", r"\frac{7}{2}", "3.5", T),
 ("number", r"\frac{7}{2}", r"3\frac{1}{2}", T), ("number", r"\frac{7}{2}", r"3 \frac{1}{2}", T),
 ("number", r"\frac{5}{2}", r"2\frac{1}{2}", T), ("number", r"-\frac{5}{2}", r"-2\frac{1}{2}", T),
 ("number", "1", r"2\frac{1}{2}", F), ("number", r"\frac{5}{2}", r"2\frac{1}{3}", F),
 ("number", "1200", r"1.2 \times 10^{3}", T), ("number", "1200", "1.2e3", T),
 ("number", "1200", r"1.2 \times 10^{4}", F), ("number", "0.00012", r"1.2\times10^{-4}", T),
 ("number", r"1.2 \times 10^{3}", "1200", T), ("number", "6.02e23", r"6.02 \times 10^{23}", T),
 ("number", "6.02e23", r"6.2 \times 10^{23}", F), ("number", "2^{10}", "1024", T),
 ("number", "2^{10}", "1023", F), ("number", "3^4", "81", T), ("number", "5!", "120", T),
 ("number", "5!", "24", F), ("number", r"\binom{5}{2}", "10", T), ("number", r"\binom{6}{3}", "20", T),
 ("number", r"\binom{6}{3}", "15", F), ("number", r"\dbinom{10}{1}", "10", T),
 ("number", r"\frac{1}{\frac{1}{2}}", "2", T), ("number", r"\left(\frac{1}{2}\right)^2", r"\frac14", T),
 ("number", r"\left(\frac{1}{2}\right)^2", r"\frac12", F), ("number", "10", r"\$10", T),
 ("number", "10", r"\$10.00", T), ("number", "10.5", r"\$10.50", T), ("number", "10.5", r"\$10.05", F),
 ("number", "100", r"100\text{ dollars}", T), ("number", "15", r"15\text{ cm}^2", T),
 ("number", "15", r"15 \mathrm{~cm}", T), ("number", "15", "15 cm", T), ("number", "16", "15 cm", F),
 ("number", "45", r"45^\circ", T), ("number", "45", r"45^{\circ}", T), ("number", r"45^\circ", "45", T),
 ("number", "45", "45°", T), ("number", "45", r"46^\circ", F), ("number", r"25\%", "25", T),
 ("number", r"25\%", "0.25", T), ("number", "25", r"25\%", T), ("number", r"25\%", "0.2", F),
 ("number", r"25\%", "20", F), ("number", r"\frac{3}{8}", "0.375", T), ("number", r"\frac{3}{8}", "0.38", F),
 ("number", "4", r"\sqrt{16}", T), ("number", "4", r"\sqrt[3]{64}", T), ("number", "-2", r"\sqrt[3]{-8}", T),
 ("number", "2", r"\sqrt[3]{9}", F), ("number", "3", r"\log_2 8", T), ("number", "2", r"\log_2 8", F),
 ("number", "3", r"\log_{10} 1000", T), ("number", "3", r"\ln(e^3)", T), ("number", "3", r"\ln e^{3}", T),
 ("number", "1", r"\sin^2 x + \cos^2 x", T), ("number", "0", r"\sin(\pi)", T), ("number", r"\frac{1}{2}", r"\cos(\pi/3)", T),
 ("number", r"\frac{1}{2}", r"\sin\frac{\pi}{6}", T), ("number", r"\frac{1}{2}", r"\sin\frac{\pi}{3}", F),
 ("number", "9", "|-9|", T), ("number", "9", r"\left|-9\right|", T), ("number", "-9", "|-9|", F),
 ("number", "3", r"\lfloor 3.7 \rfloor", T), ("number", "4", r"\lceil 3.2 \rceil", T),
 # surds and constants
 ("surd", r"2\sqrt{2}", r"\sqrt{8}", T), ("surd", r"2\sqrt{2}", r"\sqrt{12}", F), ("surd", r"\sqrt{2}", "1.414", F),
 ("surd", r"\sqrt{2}", "1.41421356", F), ("surd", r"\frac{\sqrt{2}}{2}", r"\frac{1}{\sqrt{2}}", T),
 ("surd", r"\frac{\sqrt{2}}{2}", r"\frac{\sqrt2}{2}", T), ("surd", r"\frac{\sqrt{3}}{2}", r"\frac{\sqrt{3}}{3}", F),
 ("surd", r"3\sqrt{3}", r"\sqrt{27}", T), ("surd", r"3\sqrt{3}", r"\sqrt{3^3}", T), ("surd", r"3\sqrt{3}", r"9\sqrt3", F),
 ("surd", r"\sqrt{3}+\sqrt{2}", r"\sqrt{2}+\sqrt{3}", T), ("surd", r"\sqrt{5+2\sqrt{6}}", r"\sqrt{2}+\sqrt{3}", T),
 ("surd", r"\frac{1+\sqrt{5}}{2}", r"\frac{\sqrt5+1}{2}", T), ("surd", r"\frac{1+\sqrt{5}}{2}", r"\frac{1-\sqrt5}{2}", F),
 ("surd", r"\frac{1+\sqrt{5}}{2}", "1.618", F), ("surd", r"2^{1/2}", r"\sqrt2", T), ("surd", r"8^{1/3}", "2", T),
 ("surd", r"4^{3/2}", "8", T), ("surd", r"4^{3/2}", "6", F), ("surd", r"\sqrt{50}", r"5\sqrt{2}", T),
 ("surd", r"\sqrt{50}", r"2\sqrt{5}", F), ("surd", r"\frac{6}{\sqrt{3}}", r"2\sqrt{3}", T),
 ("const", r"\pi", "3.14", F), ("const", r"\pi", "3.14159", F), ("const", r"\pi", r"\pi", T),
 ("const", r"2\pi", r"\pi \cdot 2", T), ("const", r"2\pi", r"2 \times \pi", T), ("const", r"2\pi", "2pi", T),
 ("const", r"2\pi", r"\pi", F), ("const", r"\frac{\pi}{2}", r"\pi/2", T), ("const", r"\frac{\pi}{2}", r"\frac{1}{2}\pi", T),
 ("const", r"\frac{\pi}{3}", r"\frac{\pi}{6}", F), ("const", r"\frac{3\pi}{2}", r"1.5\pi", T), ("const", r"\frac{3\pi}{2}", r"1.4\pi", F),
 ("const", r"e^2", r"e \cdot e", T), ("const", r"e^2", "7.389", F), ("const", r"e", r"\exp(1)", T),
 ("const", r"\pi^2", r"\pi \cdot \pi", T), ("const", r"4\pi", r"12.566", F), ("const", r"100\pi", r"100 \pi \text{ cm}^2", T),
 ("const", r"\frac{\pi}{4}", r"\arctan 1", T), ("const", r"\frac{\pi}{4}", r"\arctan(2)", F),
 ("const", r"18\pi", r"18 \pi", T), ("const", r"\frac{32\pi}{3}", r"\frac{32}{3}\pi", T), ("const", r"\frac{32\pi}{3}", r"\frac{32}{3}", F),
 ("const", r"\ln 2", r"\log 2", T), ("const", r"\ln 6", r"\ln 2 + \ln 3", T), ("const", r"\ln 6", r"\ln 5", F),
 # expressions
 ("expr", "2x+3", "3+2x", T), ("expr", "2x+3", "2 x + 3", T), ("expr", "2x+3", "2*x+3", T), ("expr", "2x+3", "2x-3", F),
 ("expr", "(x+1)^2", "x^2+2x+1", T), ("expr", "(x+1)^2", "x^2+1", F), ("expr", "x^2-1", "(x-1)(x+1)", T),
 ("expr", "x^2-1", "(x-1)^2", F), ("expr", r"\frac{x^2-1}{x-1}", "x+1", T), ("expr", r"\frac{1}{x}+\frac{1}{y}", r"\frac{x+y}{xy}", T),
 ("expr", r"\frac{1}{x}+\frac{1}{y}", r"\frac{2}{x+y}", F), ("expr", "a^2-b^2", "(a-b)(a+b)", T), ("expr", "a^2-b^2", "(a-b)^2", F),
 ("expr", r"\sqrt{x^2}", "|x|", T), ("expr", r"\sqrt{x^2}", "x", F), ("expr", "x^{3}", "x**3", T), ("expr", "x^{3}", "x^3", T),
 ("expr", "3x^2", "3x^3", F), ("expr", r"\frac{x}{2}", "0.5x", T), ("expr", r"\frac{x}{3}", "0.33x", F),
 ("expr", r"2\sin x\cos x", r"\sin 2x", T), ("expr", r"2\sin x\cos x", r"\sin(2x)", T), ("expr", r"\cos 2x", r"\cos^2 x - \sin^2 x", T),
 ("expr", r"\cos 2x", r"2\cos x", F), ("expr", r"e^{x+y}", r"e^x e^y", T), ("expr", r"\ln(xy)", r"\ln x + \ln y", T),
 ("expr", r"\ln(x^2)", r"2\ln x", T), ("expr", "n(n+1)/2", r"\frac{n^2+n}{2}", T), ("expr", "n(n+1)/2", r"\frac{n^2+1}{2}", F),
 ("expr", r"\frac{n(n+1)(2n+1)}{6}", r"\frac{2n^3+3n^2+n}{6}", T), ("expr", "2^{n+1}", r"2\cdot 2^n", T), ("expr", "2^{n+1}", "2^n+1", F),
 ("expr", r"x\sqrt{x}", "x^{3/2}", T), ("expr", r"\frac{d}{dx}", r"\frac{d}{dx}", T), ("expr", "6x+2", "6x + 2", T),
 ("expr", "3x^2+2x", "x(3x+2)", T), ("expr", "3x^2+2x", "x(3x+1)", F), ("expr", r"\frac{1}{2}x^2 + C", r"\frac{x^2}{2}+C", T),
 ("expr", r"-\frac{1}{x^2}", r"-x^{-2}", T), ("expr", r"-\frac{1}{x^2}", r"x^{-2}", F), ("expr", r"\tan x", r"\frac{\sin x}{\cos x}", T),
 ("expr", r"\sec^2 x", r"1+\tan^2 x", T), ("expr", r"\sec^2 x", r"1-\tan^2 x", F), ("expr", "e^{2x}", "(e^x)^2", T),
 # equations
 ("equation", "x=5", "5", T), ("equation", "5", "x=5", T), ("equation", "x=5", "x = 5", T), ("equation", "x=5", "x=6", F),
 ("equation", "5", "y = 5", T), ("equation", "y=2x+3", "y=3+2x", T), ("equation", "y=2x+3", "2x+3", T), ("equation", "y=2x+3", "y=2x-3", F),
 ("equation", "x^2+y^2=1", "y^2+x^2=1", T), ("equation", "x^2+y^2=1", "x^2+y^2-1=0", T), ("equation", "x^2+y^2=1", "x^2+y^2=2", F),
 ("equation", "2x+3y=6", "4x+6y=12", T), ("equation", "2x+3y=6", "y = 2 - \\frac{2}{3}x", T), ("equation", "2x+3y=6", "2x+3y=5", F),
 ("equation", r"x = \frac{1}{2}", r"x=0.5", T), ("equation", r"a = 3", r"a=3", T), ("equation", "x=-2", "x=2", F),
 ("equation", r"x = 3", r"x \approx 3", T), ("equation", "k=4", "4", T), ("equation", "x_1 = 2", "2", T),
 # solution sets
 ("set", r"\{1, 2\}", r"\{2, 1\}", T), ("set", "1, 2", "2, 1", T), ("set", "1, 2", r"x = 1 \text{ or } x = 2", T),
 ("set", "1, 2", "x=1 or x=2", T), ("set", "1, 2", "x = 1, 2", T), ("set", "1, 2", "x=1, x=2", T), ("set", "1, 2", r"\{1,2\}", T),
 ("set", "1, 2", "1, 3", F), ("set", "1, 2", "1", F), ("set", "1, 2", "1, 2, 3", F), ("set", r"\{1,2\}", "x=2 and x=1", T),
 ("set", r"\pm 2", "2, -2", T), ("set", r"\pm 2", "-2, 2", T), ("set", r"\pm 2", "2", F), ("set", r"x = \pm 3", r"x=3 \text{ or } x=-3", T),
 ("set", r"1 \pm \sqrt{2}", r"1+\sqrt{2}, 1-\sqrt{2}", T), ("set", r"1 \pm \sqrt{2}", r"1-\sqrt2,1+\sqrt2", T),
 ("set", r"1 \pm \sqrt{2}", r"1+\sqrt{2}", F), ("set", r"1 \pm \sqrt{2}", r"1 \pm \sqrt{3}", F),
 ("set", r"\frac{-1 \pm \sqrt{5}}{2}", r"\frac{-1+\sqrt5}{2}, \frac{-1-\sqrt5}{2}", T),
 ("set", r"\frac{-1 \pm \sqrt{5}}{2}", r"\frac{1\pm\sqrt5}{2}", F), ("set", "-3, 1", "x=-3 or x=1", T), ("set", "-3, 1", "x=3 or x=-1", F),
 ("set", r"\{-1, 0, 1\}", "0, 1, -1", T), ("set", r"\{-1, 0, 1\}", "0, 1", F), ("set", "2", r"\{2\}", T), ("set", "2", r"x \in \{2\}", T),
 ("set", r"1 \pm 2i", "1+2i, 1-2i", T), ("set", r"1 \pm 2i", "1+2i", F), ("set", r"\{\frac12, 3\}", r"3, 0.5", T), ("set", r"\{\frac12, 3\}", r"3, 0.6", F),
 # intervals
 ("interval", "[0,1]", "[0, 1]", T), ("interval", "[0,1]", "(0,1)", F), ("interval", "[0,1)", "[0,1]", F), ("interval", "(0,1]", r"\left(0, 1\right]", T),
 ("interval", "[0,1)", r"0 \le x < 1", T), ("interval", "[0,1)", r"0 \leq x \leq 1", F), ("interval", "(2, \\infty)", "x > 2", T),
 ("interval", r"(2, \infty)", r"x \geq 2", F), ("interval", r"[2, \infty)", r"x \ge 2", T), ("interval", r"(-\infty, 3]", r"x \le 3", T),
 ("interval", r"(-\infty, 3]", r"x < 3", F), ("interval", r"(-\infty, -1) \cup (2, \infty)", r"x < -1 \text{ or } x > 2", T),
 ("interval", r"(-\infty, -1) \cup (2, \infty)", r"(2,\infty)\cup(-\infty,-1)", T), ("interval", r"(-\infty, -1) \cup (2, \infty)", r"(-\infty,-1] \cup (2,\infty)", F),
 ("interval", r"(-\infty, -1) \cup (2, \infty)", r"(-1, 2)", F), ("interval", r"[-2, 5]", r"-2 \le x \le 5", T), ("interval", r"[-2, 5]", r"x \in [-2, 5]", T),
 ("interval", r"[-2, 5]", r"[-2, 4]", F), ("interval", r"(1, 3)", r"1<x<3", T), ("interval", r"(1,3)", r"3 > x > 1", T),
 ("interval", r"(-\infty, \infty)", r"(-\infty,+\infty)", T), ("interval", r"(-\infty, \infty)", r"\mathbb{R}", T), ("interval", r"(0, \infty)", r"\mathbb{R}", F),
 ("interval", r"[\frac{1}{2}, 2)", "[0.5, 2)", T), ("interval", r"[\frac{1}{2}, 2)", "(0.5, 2)", F),
 # tuples, points, vectors
 ("tuple", "(1,2)", "(1, 2)", T), ("tuple", "(1,2)", "(2,1)", F), ("tuple", "(1,2)", r"\left(1,2\right)", T), ("tuple", "(3, -4)", "(3,4)", F),
 ("tuple", r"(\frac12, 3)", "(0.5, 3)", T), ("tuple", "(1,2,3)", "(1,2,3)", T), ("tuple", "(1,2,3)", "(1,3,2)", F), ("tuple", "(1,2,3)", "(1,2)", F),
 ("tuple", r"(2, \sqrt{3})", r"(2, 3^{1/2})", T), ("tuple", "(0, 0)", "(0,0)", T), ("tuple", r"\langle 1, 2 \rangle", "(1,2)", T),
 ("matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", T),
 ("matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix}", F),
 ("matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{pmatrix} 1 & 2 \\ 3 & 5 \end{pmatrix}", F),
 ("matrix", r"\begin{pmatrix} \frac12 & 0 \\ 0 & 1 \end{pmatrix}", r"\begin{pmatrix} 0.5 & 0 \\ 0 & 1 \end{pmatrix}", T),
 ("matrix", r"\begin{pmatrix} 1 \\ 2 \\ 3 \end{pmatrix}", "(1,2,3)", T), ("matrix", r"\begin{pmatrix} 1 \\ 2 \\ 3 \end{pmatrix}", "(1,3,2)", F),
 ("matrix", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"\begin{pmatrix} 1 & 2 \end{pmatrix}", F),
 ("matrix", r"\begin{pmatrix} 2 & -1 \\ 0 & 3 \end{pmatrix}", r"\left[\begin{array}{cc} 2 & -1 \\ 0 & 3 \end{array}\right]", T),
 ("matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{pmatrix} 1 & 2 \end{pmatrix}", F),
 # infinity, empty, text, choices
 ("infinity", r"\infty", "infinity", T), ("infinity", r"\infty", r"+\infty", T), ("infinity", r"\infty", r"-\infty", F),
 ("infinity", r"-\infty", r"-\infty", T), ("infinity", r"\infty", "oo", T), ("infinity", r"\infty", "1000000", F),
 ("empty", r"\emptyset", "no solution", T), ("empty", r"\emptyset", r"\varnothing", T), ("empty", r"\emptyset", r"\{\}", T),
 ("empty", "no solution", r"\text{No solution}", T), ("empty", "none", r"\emptyset", T), ("empty", r"\emptyset", "0", F),
 ("empty", r"\emptyset", r"\{0\}", F), ("empty", "no solution", "x = 0", F), ("empty", "0", r"\emptyset", F), ("empty", r"\text{DNE}", "does not exist", T),
 ("text", "yes", r"\text{Yes}", T), ("text", "yes", "no", F), ("text", "even", r"\text{even}", T), ("text", "even", "odd", F),
 ("text", r"\text{Tuesday}", "Tuesday", T), ("text", r"\text{Tuesday}", "Wednesday", F),
 ("choice", "B", "(B)", T), ("choice", "B", r"\text{(B)}", T), ("choice", "(B)", "B", T), ("choice", "B", r"\textbf{(B)}", T),
 ("choice", "B", "(B) 12", T), ("choice", "B", "C", F), ("choice", "(D)", "(A)", F), ("choice", r"\text{(E)}", "E", T), ("choice", "C", "c", F),
 ("choice", "A", "Option A", T), ("choice", "A", "B. 42", F),
 # complex
 ("complex", "1+2i", "2i+1", T), ("complex", "1+2i", "1-2i", F), ("complex", "1+2i", "1+2j", F), ("complex", "-i", r"\frac{1}{i}", T),
 ("complex", "i", r"\sqrt{-1}", T), ("complex", "2i", r"\sqrt{-4}", T), ("complex", "3-4i", r"\frac{25}{3+4i}", T), ("complex", "3-4i", r"\frac{25}{3-4i}", F),
 ("complex", "-1", r"i^2", T), ("complex", "-1", r"e^{i\pi}", T), ("complex", "5", "|3+4i|", T), ("complex", "1", "i^4", T), ("complex", "i", "i^3", F),
 ("complex", r"\frac{1}{2}+\frac{\sqrt{3}}{2}i", r"\frac{1+i\sqrt{3}}{2}", T), ("complex", r"\frac{1}{2}+\frac{\sqrt{3}}{2}i", r"\frac{1-i\sqrt{3}}{2}", F),
]
for c in hand:
    add(*c)

hard = [
 ("number", r"\frac{1}{3}", r"0.\overline{3}", T), ("number", r"\frac{1}{6}", r"0.1\overline{6}", T), ("number", r"\frac{1}{3}", r"0.\overline{33}", T),
 ("number", r"\frac{1}{3}", r"0.\overline{4}", F), ("number", "-5", "−5", T), ("number", "-5", "- 5", T), ("number", r"-\frac{1}{2}", "-0.5", T),
 ("number", r"-\frac{1}{2}", "- 1/2", T), ("number", r"-\frac{1}{2}", "0.5", F), ("number", "12", "12 apples", T), ("number", "12", r"12 \text{ apples}", T),
 ("number", "1.5", r"\$ 1.50", T), ("number", "2", r"\frac{4}{2}", T), ("number", "2", "2.0001", F), ("number", "5", r"5\text{ m/s}", T),
 ("number", "5", r"5 \, \text{m}^2", T), ("number", "100", r"100 \mathrm{km}", T), ("number", "0.25", "25", F), ("number", "25", "0.25", F),
 ("number", "7", r"\text{7}", T), ("number", "3", r"\mathbf{3}", T), ("number", r"\frac{13}{4}", r"3\tfrac{1}{4}", T), ("number", "16", "2^4", T),
 ("number", "16", "4^2", T), ("number", "17", "2^4", F), ("number", "0.125", "1/8", T), ("number", "0.125", "1/9", F), ("number", "3", "3,", T),
 ("number", "3", "3!", F), ("number", "6", "3!", T), ("number", "1", "0!", T), ("number", "2.5", r"\frac{5}{2}", T), ("number", "2.5", "2.50", T),
 ("number", "2.5", "2.49", F), ("number", "2.5", r"2\frac{1}{2}", T), ("number", "10", r"10^{1}", T), ("number", r"10^{-3}", "0.001", T),
 ("number", r"10^{-3}", "0.01", F), ("number", "1.5e-3", "0.0015", T), ("number", "1.5e-3", "0.015", F), ("number", "8", r"\sqrt{64}", T),
 ("number", "8", r"\sqrt{65}", F), ("number", "-1", r"\cos\pi", T), ("number", "1", r"\tan\frac{\pi}{4}", T), ("number", "2", r"\log_3 9", T),
 ("number", "-2", r"\log_3 \frac{1}{9}", T), ("number", "2", r"\log_3 8", F), ("number", "720", "6!", T), ("number", "5040", "7!", T),
 ("surd", r"\frac{\sqrt{6}}{3}", r"\sqrt{\frac{2}{3}}", T), ("surd", r"10\sqrt{2}", r"\sqrt{200}", T), ("surd", r"10\sqrt{2}", "14.14", F),
 ("surd", r"3\sqrt{2}", "3√2", T), ("surd", r"3\sqrt{2}", "3√3", F), ("surd", r"\sqrt{2}/2", r"\frac{\sqrt 2}2", T), ("surd", r"\frac{\sqrt{2}}{2}", r"\frac{\sqrt{2}}{4}", F),
 ("surd", r"2+\sqrt{3}", r"\frac{1}{2-\sqrt{3}}", T), ("surd", r"2-\sqrt{3}", r"\frac{1}{2-\sqrt{3}}", F), ("surd", r"\sqrt[3]{2}", r"2^{1/3}", T),
 ("surd", r"\sqrt[3]{2}", r"2^{1/2}", F), ("surd", r"4\sqrt{3}", r"\sqrt{48}", T), ("surd", r"\sqrt{3}", r"\frac{3}{\sqrt{3}}", T),
 ("const", r"e^{-1}", r"\frac{1}{e}", T), ("const", r"\ln 2", "0.693", F), ("const", r"-\infty", "-oo", T), ("const", r"2\pi r", r"2 \pi r", T),
 ("const", r"\pi r^2", r"r^2\pi", T), ("const", r"\pi r^2", r"2\pi r", F), ("const", r"\frac{4}{3}\pi r^3", r"\frac{4\pi r^3}{3}", T),
 ("const", r"\sqrt{2}\pi", r"\pi\sqrt2", T), ("const", r"\frac{\pi}{6}", r"\frac{\pi}{6}\text{ radians}", T), ("const", r"e^{\pi}", r"\pi^{e}", F),
 ("expr", "x^2", "x²", T), ("expr", r"\frac{x+1}{x-1}", "(x+1)/(x-1)", T), ("expr", r"\frac{x+1}{x-1}", "x+1/x-1", F), ("expr", "2x", "2", F),
 ("expr", r"\frac12 x", r"\frac{1}{2}", F), ("expr", "x+1", "x+1=0", F), ("expr", "(x+1)^{2}", "x^2+2x+1", T), ("expr", r"f(x)=2x", "2x", T),
 ("expr", r"y = -\frac{1}{2}x + 3", "y = -0.5x + 3", T), ("expr", r"y = -\frac{1}{2}x + 3", "y = -0.5x - 3", F), ("expr", "a+b", "b+a", T),
 ("expr", "ab", "ba", T), ("expr", "a-b", "b-a", F), ("expr", r"\frac{a}{b}", r"\frac{b}{a}", F), ("expr", r"x^{-1}", r"\frac{1}{x}", T),
 ("expr", r"\sqrt{x}\sqrt{x}", "x", T), ("expr", r"(x^2)^{1/2}", "x", F), ("expr", r"\frac{x^2+2x}{x}", "x+2", T), ("expr", r"3(x-2)", "3x-6", T),
 ("expr", r"3(x-2)", "3x-2", F), ("expr", r"\sin(x+\pi)", r"-\sin x", T), ("expr", r"\cos(\pi/2 - x)", r"\sin x", T), ("expr", r"\cos(\pi/2 - x)", r"\cos x", F),
 ("expr", r"\log_2 x", r"\frac{\ln x}{\ln 2}", T), ("expr", r"e^{\ln x}", "x", T), ("expr", r"\frac{1}{1+x}", "1-x", F),
 ("set", r"3 \text{ and } 5", "3, 5", T), ("set", "3, 5", r"5 \text{ and } 3", T), ("set", "(1,2), (3,4)", "(3,4), (1,2)", T),
 ("set", "(1,2), (3,4)", "(2,1), (3,4)", F), ("set", r"\{(1,2), (3,4)\}", "(3,4),(1,2)", T), ("set", r"x=2", r"\boxed{x=2}", T),
 ("set", "-1, 1", r"\pm 1", T), ("set", "-1, 1", r"x^2 = 1", F), ("set", "0, 1", "0 or 1", T), ("set", "0, 1", "0 and 2", F),
 ("set", r"\frac{1}{2}, -3", r"x = \frac12 \text{ or } x = -3", T), ("set", r"\frac{1}{2}, -3", r"x = -\frac12 \text{ or } x = 3", F),
 ("set", r"2, 3", r"x_1 = 2, x_2 = 3", T), ("set", r"2, 3", r"x_1 = 2, x_2 = 4", F),
 ("interval", r"(1, 3)", r"x \in (1, 3)", T), ("interval", r"(-\infty, 1] \cup [3, \infty)", r"x \le 1 \text{ or } x \ge 3", T),
 ("interval", r"(-\infty, 1] \cup [3, \infty)", r"x < 1 \text{ or } x > 3", F), ("interval", r"[1,3]", r"1 \le x \le 3", T),
 ("interval", r"[1,3]", r"1 < x \le 3", F), ("interval", r"[0, \infty)", r"[0, \infty]", T), ("interval", r"[0, \infty)", r"x \geq 0", T),
 ("interval", r"[0, \infty)", r"x > 0", F), ("interval", r"(-2, 2)", r"|x| < 2", T), ("interval", r"\left[-1, \frac{1}{2}\right)", r"[-1, 0.5)", T),
 ("complex", r"\frac{3}{5} - \frac{4}{5}i", "0.6 - 0.8i", T), ("complex", r"\frac{3}{5} - \frac{4}{5}i", "0.6 + 0.8i", F), ("complex", "2+3i", "3i+2", T),
 ("complex", "2+3i", "2+3", F), ("complex", r"-1+i", r"i-1", T), ("complex", r"1+i", r"\sqrt{2}e^{i\pi/4}", T), ("complex", r"1-i", r"\sqrt{2}e^{i\pi/4}", F),
 ("choice", "C", r"(C) $\frac{1}{2}$", T), ("choice", "C", r"(D) $\frac{1}{2}$", F), ("choice", r"\text{B}", "B", T), ("choice", r"\mathrm{(A)}", "A", T),
 ("matrix", r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", r"\begin{pmatrix}1&0\\0&1\end{pmatrix}", T),
 ("matrix", r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", r"\begin{pmatrix}0&1\\1&0\end{pmatrix}", F),
 ("matrix", r"\begin{pmatrix} -1 \\ 2 \end{pmatrix}", r"\begin{pmatrix} -1 \\ 2 \end{pmatrix}", T), ("matrix", r"\begin{pmatrix} -1 \\ 2 \end{pmatrix}", r"(-1, 2)", T),
 ("matrix", r"\begin{pmatrix} -1 \\ 2 \end{pmatrix}", r"(1, -2)", F), ("matrix", r"\begin{pmatrix} \frac{1}{3} \\ \frac{2}{3} \end{pmatrix}", r"\begin{pmatrix} 0.33 \\ 0.67 \end{pmatrix}", F),
 ("empty", "no real solutions", r"\emptyset", T), ("empty", r"\text{no real solutions}", "none", T), ("empty", r"\emptyset", r"\{\emptyset\}", F),
 ("text", "yes", "Yes.", T), ("text", "no", r"\textbf{No}", T), ("text", "no", "yes", F),
]
for c in hand + []:
    pass
for c in hard:
    add(*c)

# long responses: extraction
long_pre = ["Let me think step by step.\nFirst we compute the sum of the roots. ",
            "We start by simplifying the expression.\n\nStep 1: multiply both sides by 2.\nStep 2: subtract 3.\n",
            "To solve this, note that $a + b = 7$ and $ab = 12$, so the values are 3 and 4. "]
ext = [
 ("extract", "4", r"First I got $\boxed{3}$ but that is wrong. Rechecking, the final answer is $\boxed{4}$.", T),
 ("extract", "3", r"First I got $\boxed{3}$ but that is wrong. Rechecking, the final answer is $\boxed{4}$.", F),
 ("extract", r"\frac{1}{2}", r"So the probability is $\boxed{\dfrac{1}{2}}$.", T),
 ("extract", r"\frac{1}{2}", r"So the probability is $\boxed{\dfrac{1}{3}}$.", F),
 ("extract", "72", "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.\n#### 72", T),
 ("extract", "72", "Natalia sold 48/2 = 24 clips in May.\nShe sold 48+24 = 71 clips.\n#### 71", F),
 ("extract", "10", "Weng earns 12/60 = $0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = $10.\n#### 10", T),
 ("extract", "5", "The final answer is $5$. I hope it is correct.", T), ("extract", "5", "The final answer is $6$. I hope it is correct.", F),
 ("extract", "18", "Janet has 16 - 3 - 4 = 9 eggs left. She makes 9 * 2 = 18 dollars.\nThe answer is 18.", T),
 ("extract", "18", "Janet has 16 - 3 - 4 = 9 eggs left. She makes 9 * 2 = 18 dollars.\nThe answer is 19.", F),
 ("extract", "1, 2", r"Factoring gives $(x-1)(x-2)=0$, so the solutions are $x = 1$ and $x = 2$.\n\nAnswer: $x = 1, 2$", T),
 ("extract", "1, 2", r"Factoring gives $(x-1)(x-3)=0$.\n\nAnswer: $x = 1, 3$", F),
 ("extract", r"\frac{\sqrt{3}}{2}", r"Using the unit circle, $\sin 60^\circ = \boxed{\frac{\sqrt{3}}{2}}$", T),
 ("extract", r"\frac{\sqrt{3}}{2}", r"Using the unit circle, $\cos 60^\circ = \boxed{\frac{1}{2}}$", F),
 ("extract", "B", r"Comparing the options, only (B) works. The answer is \textbf{(B)}.", T),
 ("extract", "B", r"Comparing the options, only (C) works. The answer is \textbf{(C)}.", F),
 ("extract", r"[0, 1)", r"Combining the two conditions, we need $0 \le x$ and $x < 1$, so the domain is $\boxed{[0,1)}$.", T),
 ("extract", r"[0, 1)", r"Combining the two conditions, the domain is $\boxed{[0,1]}$.", F),
 ("extract", "1000", r"The total is $\boxed{1,000}$ dollars.", T), ("extract", "1000", r"The total is $\boxed{1,001}$ dollars.", F),
 ("extract", "x^2+2x", r"Differentiating, we get \[ f'(x) = \boxed{x^2 + 2x} \]", T),
 ("extract", "25", "The area is 5 times 5, which is 25 square units.", T), ("extract", "25", "The area is 5 times 4, which is 20 square units.", F),
 ("extract", r"\frac{3}{4}", r"**Final Answer:** $\frac{3}{4}$", T), ("extract", r"\frac{3}{4}", r"**Final Answer:** $\frac{4}{3}$", F),
 ("extract", "12", r"\boxed 12", T), ("extract", "12", r"Thus \fbox{12}.", T), ("extract", "12", r"Thus $\boxed{{12}}$.", T),
 ("extract", r"\left( 3, \frac{\pi}{2} \right)", r"So the polar coordinates are $\boxed{\left( 3, \frac{\pi}{2} \right)}.$", T),
 ("extract", r"\left( 3, \frac{\pi}{2} \right)", r"So the polar coordinates are $\boxed{\left( 3, \frac{\pi}{4} \right)}.$", F),
 ("extract", "p - q", r"We can write \[ \sum_{j=1}^\infty \frac{1}{j^2} = p \] so the answer is $\boxed{p - q}$.", T),
 ("extract", "4", "Therefore, x = 4.", T), ("extract", "4", "Therefore, x = 5.", F),
]
for c in ext:
    add(*c)
for k, (cat, ref, resp, eq) in enumerate(list(ext)):
    if cat == "extract" and k % 3 == 0:
        add("extract", ref, long_pre[k % len(long_pre)] + resp, eq)


ext2 = [
 ("extract", "6", "<think>\nLet me compute 2*3 = 6. Wait, check: yes 6.\n</think>\nThe product is $\\boxed{6}$.", T),
 ("extract", "6", "<think>\nMaybe \\boxed{6}? No, recompute: 2*4.\n</think>\nThe product is $\\boxed{8}$.", F),
 ("extract", r"\frac{1}{4}", "The probability is 1/4.", T), ("extract", r"\frac{1}{4}", "The probability is 1/5.", F),
 ("extract", "B", "After checking each option, the answer is (B).", T), ("extract", "B", "The correct option is (D).\n\nAnswer: D", F),
 ("extract", "x^2+1", r"Therefore $f(x) = x^2 + 1$.", T), ("extract", "x^2+1", r"Therefore $f(x) = x^2 - 1$.", F),
 ("extract", "3, 4", r"The roots are $x = 3$ and $x = 4$, so the answer is $3, 4$.", T),
 ("extract", "3, 4", r"The roots are $x = 3$ and $x = 5$, so the answer is $3, 5$.", F),
 ("extract", r"(2, 3)", r"Solving the system gives $\boxed{(2,3)}$.", T), ("extract", r"(2, 3)", r"Solving the system gives $\boxed{(3,2)}$.", F),
 ("extract", "2500", "Each month she saves $250, so after 10 months she has 250 * 10 = $2,500.\n#### 2,500", T),
 ("extract", "2500", "Each month she saves $250, so after 10 months she has 250 * 9 = $2,250.\n#### 2,250", F),
 ("extract", r"\emptyset", r"Squaring gives an extraneous root, so there is no solution: $\boxed{\text{no solution}}$.", T),
 ("extract", r"\emptyset", r"Squaring gives $x = 4$: $\boxed{4}$.", F),
]
for c in ext2:
    add(*c)


mv = [
 ("mvstyle", "12000023", r"Therefore the sum is $85 + (-67) + 12,\!000,\!003 + (-3) = 12,\!000,\!023$. Final Answer: The final answer is 12,000,023. I hope it is correct.", T),
 ("mvstyle", "16386.20", r"Paula's investment is worth $\boxed{\$16,\!386.20}$ at the end.", T),
 ("mvstyle", "16386.20", r"Paula's investment is worth $\boxed{\$16,\!386.21}$ at the end.", F),
 ("mvstyle", r"28\%", "28 percent", T), ("mvstyle", r"28\%", r"$\boxed{28 pct}$", T), ("mvstyle", r"28\%", "28", T), ("mvstyle", "0.28", "28", F),
 ("mvstyle", "28", "28/100", F), ("mvstyle", r"\frac{28}{100}", "28", F), ("mvstyle", "7425000", "7,425,000", T), ("mvstyle", "1000", "1000.0", T),
 ("mvstyle", "0.4", ".4", T), ("mvstyle", "2", "AZYUK2A", F), ("mvstyle", "10/9", r"\frac{10}{9}", T), ("mvstyle", "-10/9", r"-\frac{10}{9}", T),
 ("mvstyle", "[0,9)", "[0,1)", F), ("mvstyle", "(0,9)", "[0,9)", F), ("mvstyle", "1/3", r"$\frac13 $", T), ("mvstyle", "1", r"$\frac3{3} $", T),
 ("mvstyle", r"\sqrt{3}", r"$\sqrt3 $", T), ("mvstyle", "1/3", r"$\cfrac{1}{3} $", T), ("mvstyle", "1/3", r"$\frac{1}{3} \textbf{meters}$", T),
 ("mvstyle", "1/3", r"$k = \frac{1}{3}$", T), ("mvstyle", r"34x+45y-20z+100=0", r"-34x-45y+20z-100=0", T), ("mvstyle", r"34x+45y-20z+100=0", r"34x+45y-20z-100=0", F),
 ("mvstyle", r"\frac{\sqrt{\sqrt{11}+\sqrt{194}}}{15+2\sqrt{33}}", r"\frac{\sqrt{\sqrt{11}+\sqrt{194}}}{2\sqrt{33}+15}", T),
 ("mvstyle", "(a+5)(b+2)", "(+5)(b+2)", F), ("mvstyle", "2", r"\frac{1+\sqrt{5}}{2}", F), ("mvstyle", "4", r"\frac{34}{16}+\frac{\sqrt{1358}}{16}", F),
 ("mvstyle", r"1\sqrt{19}", "1", F), ("mvstyle", "x+2n+1", "x+1", F), ("mvstyle", r"(\frac{3}{5},\frac{8}{3}]", "(0.6,2.6667]", F),
 ("mvstyle", r"(\frac{3}{5},\frac{8}{3}]", r"(0.6,\frac{8}{3}]", T),
 ("mvstyle", r"\begin{pmatrix}\frac{1}{3\sqrt[3]{x}^2}&0\\0&1\end{pmatrix}", r"\begin{pmatrix}\frac{1}{3x^{2/3}}&0\\0&1\end{pmatrix}", T),
 ("mvstyle", r"\frac{5\sqrt{42}}{27}", r"The final answer is $\frac{10\sqrt{10.5}}{27}$. I hope it is correct.", T),
 ("mvstyle", "2/3", "P(A) = (1/2) * (4/3) P(A) = 2/3 Therefore, the probability that Alice wins the game is 2/3. <|im_start|>user", T),
 ("mvstyle", "12", "Therefore, there are 12 distinct arithmetic sequences that meet the three given conditions. I hope it is correct. <|im_start|>user", T),
 ("mvstyle", "[0,1)", "we find that the domain of $q(x)$ is the interval $(0, 1)$. Final Answer: The final answer is $(0, 1)$. I hope it is correct.", F),
 ("mvstyle", "[-3,2]", r"the domain is $\boxed{(-\infty, -3] \cup [2, \infty)}$. Final Answer: The final answer is $(-\infty, -3] \cup [2, \infty)$. I hope it is correct.", F),
 ("mvstyle", r"\left(\frac{1}{5},\frac{1}{6}\right)", r"Thus, $(p,q) = \boxed{\left( \frac{1}{5}, \frac{1}{6} \right)}.$", T),
 ("mvstyle", r"\text{Evelyn}", r"Therefore, $\boxed{\text{Evelyn}}$ is our answer.", T),
 ("mvstyle", r"\text{Evelyn}", r"Therefore, $\boxed{\text{Carla}}$ is our answer.", F),
 ("mvstyle", r"14{,}916", r"Final Answer: The smallest possible value of $N$ is $\boxed{14{,}916}$. I hope it is correct.", T),
 ("mvstyle", r"\frac{14}{3}", r"$f(-2)+f(-1)+f(0)=2+\frac{5}{3}+1=\boxed{\frac{14}{3}}$", T),
 ("mvstyle", r"(3, \frac{\pi}{2})", r"Therefore, the polar coordinates are $\boxed{\left( 3, \frac{\pi}{2} \right)}.$", T),
 ("mvstyle", "2-2p", r"Thus $x-p=\boxed{2-2p}$.", T), ("mvstyle", "2-2p", r"Thus $x-p=\boxed{2-p}$.", F),
]
for c in mv:
    add(*c)


# held-out batches (heldout, heldout2, heldout3): written before running the engine on them.
# First-run results: heldout 76/79, heldout2 71/75, heldout3 35/36. Failures were fixed in the
# engine or marked known=True (a documented weakness); labels were changed only where they were
# mathematically wrong: (2+i)^2 + 1 is 4+4i, and |x| < 2 is (-2, 2).
heldout = [
 ("heldout", r"\frac{\sqrt{5}-1}{4}", r"\sin 18^\circ", F),
 ("heldout", r"\frac{1}{2}", r"\frac{\pi}{2\pi}", T),
 ("heldout", "3", r"\sqrt{9}", T), ("heldout", "-3", r"\sqrt{9}", F),
 ("heldout", r"\frac{2}{\sqrt{3}}", r"\frac{2\sqrt{3}}{3}", T),
 ("heldout", r"x^2 - 4", r"(x - 2)(x + 2)", T), ("heldout", r"x^2 - 4", r"(x - 2)^2", F),
 ("heldout", r"\frac{\pi}{3}", "60^\circ", F),
 ("heldout", r"(-1, 1)", r"-1 < x < 1", T), ("heldout", r"(-1, 1)", r"|x| \le 1", F), ("heldout", r"(-1, 1)", r"|x| < 1", T), ("heldout", r"[-1, 3]", r"|x - 1| \le 2", T),
 ("heldout", r"(-\infty, -1) \cup (3, \infty)", r"|x - 1| > 2", T), ("heldout", r"(-\infty, -1] \cup [3, \infty)", r"|x - 1| > 2", F),
 ("heldout", r"\{3\}", "3", T), ("heldout", r"3", r"x=3,x=3", T),
 ("heldout", "a=2, b=3", "(2, 3)", T), ("heldout", "(2,3)", "a=2, b=3", T), ("heldout", "(2,3)", "a=3, b=2", F),
 ("heldout", r"2^{100}", "1267650600228229401496703205376", T), ("heldout", r"2^{100}", "1267650600228229401496703205377", F),
 ("heldout", r"\frac{1}{1024}", r"2^{-10}", T), ("heldout", r"10!", "3628800", T), ("heldout", r"\binom{52}{5}", "2598960", T),
 ("heldout", "0.0625", r"\frac{1}{16}", T), ("heldout", "0.0625", r"\frac{1}{15}", F), ("heldout", r"33.\overline{3}", r"\frac{100}{3}", T),
 ("heldout", r"\frac{1}{x^2}", r"x^{-2}", T), ("heldout", r"\sqrt{x^2+2x+1}", "|x+1|", T),
 ("heldout", r"\ln|x| + C", r"\ln(|x|) + C", T), ("heldout", r"e^{x}(x+1)", r"xe^x + e^x", T), ("heldout", r"e^{x}(x+1)", r"xe^x", F),
 ("heldout", r"\frac{d}{dx}[x^2] = 2x", "2x", F),
 ("heldout", r"y = 3x - 2", r"3x - y = 2", T), ("heldout", r"y = 3x - 2", r"3x + y = 2", F),
 ("heldout", r"(x-1)^2 + (y+2)^2 = 9", r"x^2 - 2x + y^2 + 4y - 4 = 0", T), ("heldout", r"(x-1)^2 + (y+2)^2 = 9", r"x^2 - 2x + y^2 + 4y + 4 = 0", F),
 ("heldout", r"x > 3", r"(3, \infty)", T), ("heldout", r"x > 3", r"[3, \infty)", F), ("heldout", r"x \neq 2", r"x \ne 2", T),
 ("heldout", r"1, -1, i, -i", r"\pm 1, \pm i", T), ("heldout", r"1, -1, i, -i", r"\pm 1", F),
 ("heldout", r"\text{A}", r"(A)", T), ("heldout", r"D", r"\boxed{D}", T), ("heldout", "E", r"\textbf{(E) } 24", T),
 ("heldout", r"40\%", "40 percent", T), ("heldout", r"40\%", r"\frac{2}{5}", T), ("heldout", r"40\%", "0.04", F),
 ("heldout", r"\$ 3.50", "3.5", T), ("heldout", "3.50", "3.05", F), ("heldout", "1.0", "1", T),
 ("heldout", r"\infty", r"\boxed{\infty}", T), ("heldout", r"0", r"\lim_{x\to\infty} \frac{1}{x}", F),
 ("heldout", r"\begin{pmatrix} 3 \\ -1 \end{pmatrix}", r"\langle 3, -1 \rangle", T),
 ("heldout", r"\begin{pmatrix} 3 \\ -1 \end{pmatrix}", r"\begin{pmatrix} 3 & -1 \end{pmatrix}", F),
 ("heldout", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}^{-1}", r"\begin{pmatrix} -2 & 1 \\ 1.5 & -0.5 \end{pmatrix}", F),
 ("heldout", r"4 + 3i", r"3i + 4", T), ("heldout", r"4+4i", r"(2+i)^2 + 1", T), ("heldout", r"4+3i", r"(2+i)^2", F),
 ("heldout", r"\cos\theta", r"\sin(\frac{\pi}{2}-\theta)", T), ("heldout", r"\sin^2\theta", r"1-\cos^2\theta", T),
 ("heldout", r"\sin^2\theta", r"\sin\theta^2", F),
 ("heldout", "7", "The answer is 7 apples.", T), ("heldout", "7", "So she has $7$ left. The answer is: 7", T),
 ("heldout", "7", "I think it's either 7 or 8, but the final answer is 8.", F),
 ("heldout", "120", "The answer is $\\boxed{120^\\circ}$.", T), ("heldout", "120", "The answer is $\\boxed{12^\\circ}$.", F),
 ("heldout", r"6\sqrt{3}", r"\boxed{6 \sqrt 3}", T), ("heldout", r"6\sqrt{3}", r"\boxed{6 \sqrt 2}", F),
 ("heldout", r"\frac{11}{2}", "5.5", T), ("heldout", r"\frac{11}{2}", r"5\frac{1}{2}", T), ("heldout", r"\frac{11}{2}", r"5 \cdot \frac{1}{2}", F),
 ("heldout", r"-\frac{7}{3}", r"-2\frac{1}{3}", T), ("heldout", r"-\frac{7}{3}", r"-2.33", F),
 ("heldout", r"(0, 0), (1, 1)", r"(1,1) \text{ and } (0,0)", T), ("heldout", r"(0, 0), (1, 1)", r"(0,0)", F),
 ("heldout", r"\{x | x > 0\}", r"(0, \infty)", T),
 ("heldout", "2", r"\log_{4} 16", T), ("heldout", "2", r"\log 100", F), ("heldout", r"\log_2 3", r"\frac{\ln 3}{\ln 2}", T),
 ("heldout", r"1.5 \times 10^{-3}", "0.0015", T), ("heldout", r"3 \times 10^8", "3e8", T), ("heldout", r"3 \times 10^8", "3e9", F),
]
for c in heldout:
    add(*c)


heldout2 = [
 ("bindings", "x = 2, y = 3", "y = 3, x = 2", T), ("bindings", "x = 2, y = 3", "x = 3, y = 2", F), ("bindings", "x = 2, y = 3", "(2, 3)", T),
 ("bindings", "x = 2, y = 3", "(3, 2)", F), ("bindings", "a = 1, b = -1", r"b = -1 \text{ and } a = 1", T), ("bindings", "a = 1, b = -1", "a = 1, c = -1", F),
 ("bindings", r"x = \frac12, y = 0.25", r"x = 0.5, y = \frac{1}{4}", T), ("bindings", "x = 2, y = 3", "x = 2", F),
 ("heldout2", r"(-\infty, \infty)", "all real numbers", T), ("heldout2", r"\text{all real numbers}", r"\mathbb{R}", T), ("heldout2", r"(0, \infty)", "all real numbers", F),
 ("heldout2", r"\sin\frac{\pi}{6}", "0.5", T), ("heldout2", "0.5", r"\cos(\pi/3)", T), ("heldout2", r"\sin\frac{\pi}{4}", "0.7071", F),
 ("heldout2", r"\pi", "3.14159265358979", F), ("heldout2", r"\sqrt{2}", "1.4142135623731", F),
 ("heldout2", r"\frac{9}{2}", r"4.5", T), ("heldout2", r"\frac{9}{2}", r"4\frac{1}{2}", T), ("heldout2", r"\frac{9}{2}", r"\frac{9}{2}\text{ hours}", T),
 ("heldout2", r"\frac{9}{2}", r"4.50 \text{ hrs}", T), ("heldout2", r"\frac{9}{2}", r"4.4", F),
 ("heldout2", r"x = 2, y = 3", r"(x, y) = (2, 3)", T), ("heldout2", r"(2, 3)", r"(x,y)=(3,2)", F),
 ("heldout2", "3", r"f(3) = 3", F),
 ("heldout2", "3", r"x=3 \text{ and } y=3", T),
 ("heldout2", r"-\frac{1}{3}", r"\frac{-1}{3}", T), ("heldout2", r"-\frac{1}{3}", r"-0.\overline{3}", T), ("heldout2", r"-\frac{1}{3}", r"-0.333", F),
 ("heldout2", r"\frac{a+b}{2}", r"\frac{b+a}{2}", T), ("heldout2", r"\frac{a+b}{2}", r"\frac{a-b}{2}", F), ("heldout2", r"\sqrt{ab}", r"\sqrt{a}\sqrt{b}", T, True),
 ("heldout2", r"a^2+2ab+b^2", r"(a+b)^2", T), ("heldout2", r"a^2+ab+b^2", r"(a+b)^2", F),
 ("heldout2", r"\frac{1}{\sqrt{2}}", r"\frac{\sqrt{2}}{2}", T), ("heldout2", r"\frac{1}{\sqrt{2}}", "0.7071", F),
 ("heldout2", r"1000", r"10^3", T), ("heldout2", r"1000", r"1 \times 10^3", T), ("heldout2", r"1000", r"1e3", T), ("heldout2", r"1000", "1k", F),
 ("heldout2", r"[-1, 1]", r"\left[-1,1\right]", T), ("heldout2", r"[-1, 1]", r"-1 \leq x \leq 1", T), ("heldout2", r"[-1, 1]", r"\{-1, 1\}", F),
 ("heldout2", r"\{-1, 1\}", r"[-1, 1]", F), ("heldout2", r"(-\infty, 0)", r"x<0", T), ("heldout2", r"(-\infty, 0)", r"(-\infty, 0]", F),
 ("heldout2", r"(0, 1) \cup (1, 2)", r"(0,2)", F), ("heldout2", r"(0, 1) \cup (1, 2)", r"(1,2)\cup(0,1)", T),
 ("heldout2", r"(1, \infty)", r"(1, +\infty)", T), ("heldout2", r"(1, \infty)", r"(1, \infty]", T),
 ("heldout2", "5", r"\boxed{5}\text{ units}^2", T), ("heldout2", "5", r"\boxed{5^2}", F),
 ("heldout2", r"i", r"\frac{1+i}{1-i}", T), ("heldout2", r"-i", r"\frac{1+i}{1-i}", F), ("heldout2", r"2", r"(1+i)(1-i)", T),
 ("heldout2", r"\frac{\pi}{4}", r"45^\circ", F), ("heldout2", r"\frac{3\sqrt{3}}{4}", r"\frac{3}{4}\sqrt{3}", T),
 ("heldout2", r"\frac{3\sqrt{3}}{4}", r"\frac{\sqrt{27}}{4}", T), ("heldout2", r"\frac{3\sqrt{3}}{4}", r"\frac{3\sqrt{3}}{2}", F),
 ("heldout2", "24", r"4!", T), ("heldout2", "24", r"\binom{4}{2} \cdot 4", T), ("heldout2", "24", r"P(4,4)", F),
 ("heldout2", r"\$12", "12 dollars", T), ("heldout2", r"12", r"\$12.00", T), ("heldout2", "12", r"\$1.20", F),
 ("heldout2", r"\text{odd}", "odd", T), ("heldout2", r"\text{odd}", r"\text{even}", F), ("heldout2", "no", r"\text{No}.", T),
 ("heldout2", r"y = x^2", r"y=x^{2}", T), ("heldout2", r"y = x^2", r"x^2", T), ("heldout2", r"y = x^2", r"y = 2x", F),
 ("heldout2", r"\frac{x^2}{2} + C", r"0.5x^2 + C", T), ("heldout2", r"\frac{x^2}{2} + C", r"\frac{x^2}{2}", F),
 ("heldout2", r"2\cos(2x)", r"2 \cos 2x", T), ("heldout2", r"2\cos(2x)", r"\cos(2x)", F), ("heldout2", r"-\sin x", r"-\sin(x)", T),
 ("heldout2", r"\frac{1}{x\ln 2}", r"\frac{1}{x \ln(2)}", T), ("heldout2", r"\frac{1}{x\ln 2}", r"\frac{\ln 2}{x}", F),
 ("heldout2", r"\begin{pmatrix} 2 \\ 0 \\ -1 \end{pmatrix}", r"(2, 0, -1)", T), ("heldout2", r"\begin{pmatrix} 2 \\ 0 \\ -1 \end{pmatrix}", r"(2, -1, 0)", F),
 ("heldout2", r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", r"I", F),
 ("heldout2", "7", "Final answer: 7", T), ("heldout2", "7", "Final answer: **7**", T), ("heldout2", "7", "**Answer:** 7.", T),
 ("heldout2", "7", "The answer is $\\boxed{7}$ (after checking, not 8).", T), ("heldout2", "8", "The answer is $\\boxed{7}$ (after checking, not 8).", F),
 ("heldout2", r"\frac{2}{3}", r"The probability is $\frac{2}{3}$.", T), ("heldout2", r"\frac{2}{3}", r"The probability is $\frac{3}{2}$.", F),
 ("heldout2", "-4", r"$x = -4$", T), ("heldout2", "-4", r"$x = 4$", F), ("heldout2", "0", r"$\boxed{0}$", T), ("heldout2", "0", r"$\boxed{O}$", F),
]
for c in heldout2:
    add(*c)


heldout3 = [
 ("heldout3", "36", "To find the area, multiply 4 by 9.\n\n4 \u00d7 9 = 36\n\nThe area is 36 square feet.", T),
 ("heldout3", "36", "To find the area, multiply 4 by 9.\n\n4 \u00d7 9 = 35\n\nThe area is 35 square feet.", F),
 ("heldout3", r"\frac{5}{12}", r"There are 5 favorable outcomes out of 12, so the probability is $\dfrac{5}{12}$.", T),
 ("heldout3", r"\frac{5}{12}", r"There are 5 favorable outcomes out of 13, so the probability is $\dfrac{5}{13}$.", F),
 ("heldout3", "x = -1", r"Setting the derivative to zero gives $2x + 2 = 0$, hence $x = -1$.", T),
 ("heldout3", "x = -1", r"Setting the derivative to zero gives $2x - 2 = 0$, hence $x = 1$.", F),
 ("heldout3", r"(-\infty, 2]", r"Thus the solution set is $\boxed{(-\infty, 2]}$.", T),
 ("heldout3", r"(-\infty, 2]", r"Thus the solution set is $\boxed{(-\infty, 2)}$.", F),
 ("heldout3", "15", r"**Step 3:** Add them: 7 + 8 = 15.\n\n**Final Answer:** 15", T),
 ("heldout3", "15", r"**Step 3:** Add them: 7 + 9 = 16.\n\n**Final Answer:** 16", F),
 ("heldout3", r"\begin{pmatrix} 4 \\ -2 \end{pmatrix}", r"Hence $\mathbf{v} = \boxed{\begin{pmatrix} 4 \\ -2 \end{pmatrix}}.$", T),
 ("heldout3", r"\begin{pmatrix} 4 \\ -2 \end{pmatrix}", r"Hence $\mathbf{v} = \boxed{\begin{pmatrix} -2 \\ 4 \end{pmatrix}}.$", F),
 ("heldout3", "2, -3", r"The roots are $\boxed{2}$ and $\boxed{-3}$.", T),
 ("heldout3", "2, -3", r"The roots are $\boxed{2}$ and $\boxed{3}$.", F),
 ("heldout3", r"3\sqrt{5}", r"$AB = \sqrt{45} = \boxed{3\sqrt{5}}$", T),
 ("heldout3", r"3\sqrt{5}", r"$AB = \sqrt{45} \approx \boxed{6.71}$", F),
 ("heldout3", "1.25", r"She pays \$1.25 per apple.\n#### 1.25", T), ("heldout3", "1.25", "#### 1.2", F),
 ("heldout3", r"\frac{\pi}{3}", r"so $\theta = \boxed{\frac{\pi}{3}}$", T), ("heldout3", r"\frac{\pi}{3}", r"so $\theta = \boxed{60^\circ}$", F),
 ("heldout3", "C", r"Option (C) is correct because ...\n\nAnswer: (C)", T), ("heldout3", "C", r"Answer: (B)", F),
 ("heldout3", r"-\frac{1}{2}", r"The slope is $m = \frac{-3}{6} = -\frac{1}{2}$.", T),
 ("heldout3", r"-\frac{1}{2}", r"The slope is $m = \frac{3}{6} = \frac{1}{2}$.", F),
 ("heldout3", r"y = 2x + 1", r"The line is $y = 2x + 1$.", T), ("heldout3", r"y = 2x + 1", r"The line is $y = 2x - 1$.", F),
 ("heldout3", "12", "<think>\n3*4=12\n</think>\n<answer>12</answer>", T), ("heldout3", "12", "<think>\n3*4=12\n</think>\n<answer>13</answer>", F),
 ("heldout3", r"\$3.50", r"The total cost is $\$3.50$.", T), ("heldout3", r"\$3.50", r"The total cost is $\$3.05$.", F),
 ("heldout3", "60", r"The speed is $60 \text{ km/h}$.", T), ("heldout3", "60", r"The speed is $50 \text{ km/h}$.", F),
 ("heldout3", r"x^2 + 2x", r"$$f'(x) = x^2 + 2x$$", T), ("heldout3", r"x^2 + 2x", r"$$f'(x) = x^2 + 2$$", F),
 ("heldout3", "4", "The answer is four.", T), ("heldout3", "4", "The answer is five.", F),
]
for c in heldout3:
    add(*c)

# generated families ---------------------------------------------------------------------
def frac_tex(fr):
    s = "-" if fr < 0 else ""
    fr = abs(fr)
    if fr.denominator == 1:
        return s + str(fr.numerator)
    return s + r"\frac{%d}{%d}" % (fr.numerator, fr.denominator)

def dec(fr):
    # exact decimal string when the denominator is 2^a 5^b
    d = fr.denominator
    k = 0
    while d % 10 == 0 or d % 2 == 0 or d % 5 == 0:
        if d % 2 == 0: d //= 2
        elif d % 5 == 0: d //= 5
        k += 1
    if d != 1:
        return None
    s = "%.*f" % (k, fr.numerator / fr.denominator)
    return s

# fractions vs decimals
for _ in range(60):
    q = R.choice([2, 4, 5, 8, 10, 16, 20, 25, 40, 3, 6, 7, 9, 11, 12])
    p = R.randint(-30, 30)
    if p == 0: p = 1
    fr = Fraction(p, q)
    d = dec(fr)
    if d is not None:
        add("gen-fracdec", frac_tex(fr), d, T)
        add("gen-fracdec", d, frac_tex(fr), T)
        # near miss: perturb last digit
        bad = Fraction(d) + Fraction(1, 10 ** max(1, len(d.split(".")[-1]) if "." in d else 1))
        add("gen-fracdec", frac_tex(fr), "%s" % (dec(bad) or str(float(bad))), F)
    else:
        approx = "%.4f" % (p / q)
        add("gen-fracdec", frac_tex(fr), approx, F)
        m = R.randint(2, 5)
        add("gen-fracdec", frac_tex(fr), r"\frac{%d}{%d}" % (p * m, q * m), T)

# integers with formatting
for _ in range(40):
    n = R.randint(1000, 99999999)
    s = "{:,}".format(n)
    add("gen-int", str(n), s, T)
    add("gen-int", str(n), r"\boxed{%s}" % s, T)
    add("gen-int", str(n), "{:,}".format(n + R.choice([-10, -1, 1, 100])), F)

# sets of integers in any order
for _ in range(40):
    k = R.randint(2, 4)
    xs = R.sample(range(-9, 10), k)
    ys = xs[:]
    R.shuffle(ys)
    forms = [", ".join(map(str, ys)), r"\{%s\}" % ", ".join(map(str, ys)),
             " or ".join("x = %d" % y for y in ys), "x = " + ", ".join(map(str, ys))]
    add("gen-set", ", ".join(map(str, xs)), R.choice(forms), T)
    zs = ys[:]
    zs[R.randrange(k)] += R.choice([-1, 1, 10])
    if sorted(zs) != sorted(xs) and len(set(zs)) == len(zs):
        add("gen-set", ", ".join(map(str, xs)), R.choice(forms[:2]).replace(", ".join(map(str, ys)), ", ".join(map(str, zs))), F)
    add("gen-set", r"\{%s\}" % ", ".join(map(str, xs)), ", ".join(map(str, ys[:-1])), F)

# intervals: every openness combination against every other
for _ in range(10):
    a = R.randint(-10, 5)
    b = a + R.randint(1, 10)
    for lo in "([":
        for hi in ")]":
            ref = "%s%d, %d%s" % (lo, a, b, hi)
            for lo2 in "([":
                for hi2 in ")]":
                    if (lo2, hi2) == (lo, hi) or R.random() < 0.6:
                        cand = "%s%d,%d%s" % (lo2, a, b, hi2)
                        add("gen-interval", ref, cand, (lo2, hi2) == (lo, hi))
            ops = {"(": "<", "[": r"\le"}
            add("gen-interval", ref, r"%d %s x %s %d" % (a, ops[lo], ops[{")": "(", "]": "["}[hi]], b), T)

# tuples: order matters
for _ in range(25):
    t = [R.randint(-9, 9) for _ in range(R.randint(2, 3))]
    ref = "(%s)" % ", ".join(map(str, t))
    add("gen-tuple", ref, "(%s)" % ",".join(map(str, t)), T)
    u = t[::-1]
    if u != t:
        add("gen-tuple", ref, "(%s)" % ", ".join(map(str, u)), F)

# polynomials: expanded vs factored
for _ in range(40):
    r1, r2 = R.randint(-6, 6), R.randint(-6, 6)
    a = R.choice([1, 2, 3, -1])
    b_, c_ = -a * (r1 + r2), a * r1 * r2
    def poly(a, b, c):
        s = ("" if a == 1 else "-" if a == -1 else str(a)) + "x^2"
        if b: s += ("+" if b > 0 else "-") + (str(abs(b)) if abs(b) != 1 else "") + "x"
        if c: s += ("+" if c > 0 else "-") + str(abs(c))
        return s
    def lin(r):
        return "(x%s)" % ("" if r == 0 else ("-%d" % r if r > 0 else "+%d" % -r))
    fac = ("" if a == 1 else "-" if a == -1 else str(a)) + lin(r1) + lin(r2)
    add("gen-poly", poly(a, b_, c_), fac, T)
    add("gen-poly", fac, poly(a, b_, c_), T)
    add("gen-poly", poly(a, b_, c_), poly(a, b_, c_ + R.choice([-1, 1, 2])), F)

# quadratic roots with surds: ref p ± sqrt(q) in several equivalent forms
for _ in range(15):
    p, q = R.randint(-5, 5), R.choice([2, 3, 5, 6, 7, 10])
    ref = r"%d \pm \sqrt{%d}" % (p, q)
    add("gen-surd", ref, r"%d+\sqrt{%d}, %d-\sqrt{%d}" % (p, q, p, q), T)
    add("gen-surd", ref, r"x = %d - \sqrt{%d} \text{ or } x = %d + \sqrt{%d}" % (p, q, p, q), T)
    add("gen-surd", ref, r"\frac{%d \pm 2\sqrt{%d}}{2}" % (2 * p, q), T)
    add("gen-surd", ref, r"%d \pm \sqrt{%d}" % (p + 1, q), F)

# percents and units
for _ in range(15):
    n = R.randint(1, 99)
    add("gen-unit", r"%d\%%" % n, str(n), T)
    add("gen-unit", str(n), r"%d \text{ meters}" % n, T)
    add("gen-unit", str(n), r"%d \text{ meters}" % (n + 1), F)

for c in cases:
    print(json.dumps(c, ensure_ascii=False))

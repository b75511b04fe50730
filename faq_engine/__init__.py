"""Pure FAQ matching: normalise, index, decide, exam guard. No I/O beyond reading a knowledge-base file."""

"""The satisfaction survey (SKM) of a closed case: the form, its answers and the head of the LPSE's results."""

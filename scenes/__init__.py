"""Manim scenes, one module per story; each draws what whyl1.maths computes."""

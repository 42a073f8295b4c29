"""whyl1: why L1 regularization gives exact zeros and L2 does not."""

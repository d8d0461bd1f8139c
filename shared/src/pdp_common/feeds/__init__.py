"""Building blocks of the platform's outbound feeds: JSON Feed 1.1 documents and Atom heads."""

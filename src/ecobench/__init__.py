"""ecobench: a benchmarking warehouse for China's ecological-civilization indicators."""

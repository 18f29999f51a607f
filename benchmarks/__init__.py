"""Side-by-side benchmarks: aimaq against the established library doing the same job."""

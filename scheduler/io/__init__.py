"""Reading centres in: validated CSV/Parquet/TOML import, the synthetic centre generator, the demo centre."""

"""`python -m ecobench.cli`, the command as `ecobench` starts it (`ecobench bench` times it
so)."""

from ecobench.cli import app

if __name__ == "__main__":
    app()

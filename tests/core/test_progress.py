import io

from maillage.core.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_log_each_step_and_its_end_get_one_line():
    stream = io.StringIO()
    progress = ProgressBar(stream, width=10, min_interval_s=3600)
    progress("read communes", 0, 4)
    progress("read communes", 1, 4)  # too soon after the last line: not printed
    progress("read communes", 4, 4)
    progress("write communes", 0, 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("read communes") and "[..........] 0/4" in lines[0]
    assert "[##########] 4/4" in lines[1]
    assert lines[2].startswith("write communes")


def test_on_a_terminal_the_bar_redraws_in_place():
    stream = Terminal()
    progress = ProgressBar(stream, width=4)
    progress("write", 1, 2)
    progress("write", 2, 2)
    progress.close()
    assert stream.getvalue().count("\r") == 2
    assert "[####] 2/2" in stream.getvalue()
    assert stream.getvalue().endswith("\n")

from hypothesis import given
from hypothesis import strategies as st

from coop.assemblies.rules import name_rank


def test_words_in_the_order_typed_come_first():
    words = ["nunez", "garcia"]
    assert name_rank(words, "lucia nunez garcia") == 0
    assert name_rank(words, "nunez maria garcia") == 1
    assert name_rank(words, "jose garcia nunez") == 2
    assert name_rank(["unez"], "lucia nunez garcia") == 3
    assert name_rank(words, "lucia nunez perez") is None


letters = st.text(alphabet="abcdeno", min_size=1, max_size=6)


@given(st.lists(letters, min_size=1, max_size=4), st.lists(letters, min_size=1, max_size=5))
def test_a_rank_only_when_every_word_is_in_the_name(words, tokens):
    name = " ".join(tokens)
    rank = name_rank(words, name)
    assert (rank is None) == any(word not in name for word in words)
    if rank == 0:
        # The whole phrase typed starts a run of the name's words.
        assert any(
            all(tokens[i + k].startswith(w) for k, w in enumerate(words))
            for i in range(len(tokens) - len(words) + 1)
        )

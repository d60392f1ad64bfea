def test_a_repealed_offence_links_to_its_replacement(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/offences/cjca-2015-s33/").content.decode()
    assert "This offence has been repealed" in content
    assert "/toolkit/offences/soa-2003-s66b-2/" in content


def test_the_replacement_lists_what_it_replaced(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/offences/soa-2003-s66b-2/").content.decode()
    assert "It replaced:" in content and "/toolkit/offences/cjca-2015-s33/" in content


def test_it_shows_the_general_limit_from_data(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/offences/poa-1986-s4b/").content.decode()
    assert "The general limit in a magistrates' court is 12 months (since 18 November 2024)" in content
    assert "In force from 1 April 2026" in content
    assert "https://www.legislation.gov.uk/ukpga/1986/64/section/4B" in content


def test_a_prospective_offence_says_so(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/offences/cpa-2026-spiking/").content.decode()
    assert "not yet confirmed in force" in content
    assert "Check before relying on this" in content


def test_it_takes_a_fixed_number_of_queries(anonymous, toolkit_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        anonymous.get("/toolkit/offences/pha-1997-s2/")


def test_it_answers_404_for_an_unknown_offence(anonymous, toolkit_data):
    assert anonymous.get("/toolkit/offences/no-such-thing/").status_code == 404

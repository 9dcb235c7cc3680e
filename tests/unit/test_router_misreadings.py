"""Router fixes found on the blind development sets (session 4): a passage
about a look-alike finding, thanks said with a feeling, one pasted report
line with a figure, and a story that blames something else."""
from pathlib import Path

import pytest
import yaml

from assistant.followups import Context
from assistant.ranker import Ranked
from assistant.router import Part, Turn, load_router
from tests.unit.replies import kinds


@pytest.fixture(scope="module")
def router():
    return load_router()



def test_the_named_finding_wins_over_a_look_alike_passage(router):
    """"Ph positive" is the Philadelphia chromosome, never Ph-like B-ALL."""
    turn = Turn("so the doc said im 'ph positive'. i googled and its bad?", intent="ask_prognosis", confidence=0.6,
                findings=["bcr_abl1"], ranking=[Ranked("gene_ph_like", 0.8), Ranked("gene_bcr_abl1", 0.7)])
    assert router.respond(turn).passages[0] == "gene_bcr_abl1"


def test_a_passage_that_belongs_to_the_named_finding_stays(router):
    turn = Turn("what is the outlook with the philadelphia chromosome", intent="ask_prognosis", confidence=0.8,
                findings=["bcr_abl1"], ranking=[Ranked("survival_ph_positive", 0.85)])
    assert router.respond(turn).passages == ["survival_ph_positive"]


@pytest.mark.parametrize("text, kind", [
    ("thank you. this is all so much", "feelings"),
    ("thanks, nobody gets it at home", "feelings"),
    ("thanks for making it less scary", "thanks"),
    ("thank you so much", "thanks"),
])
def test_thanks_with_a_feeling_answers_the_feeling(router, text, kind):
    assert kinds(router.respond(Turn(text)))[0] == kind


def test_one_pasted_line_with_a_figure_is_read_as_a_report(router):
    reply = router.respond(Turn("Peripheral blood MRD (day 8), flow cytometry: 0.3% abnormal B-lymphoblasts."))
    assert kinds(reply)[0] == "report"
    assert "leukemia cells could still be found" in reply.messages[0].text


def test_blaming_something_else_is_not_guilt(router):
    turn = Turn("my hips ached for months and I blamed arthritis. Can leukemia cause bone pain?", intent="ask_symptoms",
                confidence=0.7, ranking=[Ranked("symptom_bone_pain", 0.8)])
    reply = router.respond(turn)
    assert "feelings" not in kinds(reply) and reply.passages == ["symptom_bone_pain"]


@pytest.mark.parametrize("language, text", [("en", "ok the ambulance is on its way"), ("es", "ya viene la ambulancia")])
def test_a_short_statement_during_an_emergency_gets_keep_going(language, text):
    reply = load_router(language).respond(Turn(text, last_kind="urgent"))
    assert kinds(reply) == ["urgent"] and reply.messages[0].custom["urgent"] == "reminder"
    assert reply.messages[0].custom["language"] == language
    assert reply.last_kind == "urgent_reminded"  # once: the next message is answered as usual


@pytest.mark.parametrize("language, text, urgent", [
    # a seizure, fainting or breathing phrase alarms even when told as history: safety first
    ("en", "last month he had a seizure with a fever but he is fine now, is that related to the leukemia?", True),
    ("en", "last month she had a fever on chemo but she is fine now, is that common?", False),
    ("es", "el mes pasado tuvo fiebre en la quimio pero ya esta bien, es normal?", False),
    ("en", "He had a seizure last month and was fine. Now he is having a seizure", True),
    ("en", "she had chemo last month and is okay, but she cant breathe", True),
    ("en", "he had a seizure last month and now hes seizing again", True),
    ("en", "i was diagnosed last year and now i cant breathe", True),
    ("es", "el mes pasado tuvo una convulsion y ahora mismo esta convulsionando otra vez", True),
])
def test_a_fever_told_as_history_is_a_calm_question_but_alarms_never_wait(language, text, urgent):
    reply = load_router(language).respond(Turn(text))
    assert (kinds(reply)[0] == "urgent") is urgent


@pytest.mark.parametrize("language, text, findings, expected", [
    ("en", "what is FISH, PCR and NGS?", ["fish", "pcr", "ngs"], ["test_fish", "test_pcr", "test_ngs"]),
    ("es", "que es FISH, PCR y NGS? los tres salen en el reporte", ["fish", "pcr", "ngs"], ["test_fish", "test_pcr", "test_ngs"]),
    ("en", "what do CD19 and CD10 mean", ["cd19", "cd10"], ["marker_cd19", "marker_cd10"]),
])
def test_findings_listed_in_one_what_is_question_are_each_explained(language, text, findings, expected):
    turn = Turn(text, intent="ask_what_is", confidence=0.7, findings=findings, ranking=[Ranked("test_pcr", 0.7)])
    assert load_router(language).respond(turn).passages == expected


def test_findings_compared_or_contrasted_are_not_listed(router):
    turn = Turn("is ETV6::RUNX1 better than KMT2A?", intent="ask_prognosis", confidence=0.7,
                findings=["etv6_runx1", "kmt2a"], ranking=[Ranked("factor_subtype", 0.9)])
    assert router.respond(turn).passages == ["factor_subtype"]


def test_a_finding_named_alone_is_explained_rather_than_not_covered():
    reply = load_router("es").respond(Turn("los blastos", findings=["lymphoblast"], ranking=[Ranked("not_covered", 0.7)]))
    assert reply.passages == [load_router("es").kb.passage_for_finding("lymphoblast").id]


@pytest.mark.parametrize("language, text, expected", [
    ("en", "the report says 'blasts with high N:C ratio, fine chromatin and inconspicuous nucleoli'. english please",
     ["micro_chromatin", "micro_nucleoli"]),
    ("es", "el informe dice 'scant cytoplasm, fine chromatin'. que quiere decir", ["micro_cytoplasm", "micro_chromatin"]),
])
def test_a_quoted_description_of_the_blasts_explains_each_feature(language, text, expected):
    turn = Turn(text, intent="ask_what_is", confidence=0.6, ranking=[Ranked("micro_chromatin", 0.8)])
    reply = load_router(language).respond(turn)
    assert kinds(reply)[0] == "report" and reply.passages == expected


def test_one_feature_of_the_blasts_is_a_plain_question(router):
    turn = Turn("what does fine chromatin mean", intent="ask_what_is", confidence=0.8, findings=["chromatin"],
                ranking=[Ranked("micro_chromatin", 1.2)])
    assert kinds(router.respond(turn)) == ["passage"]


def test_an_everyday_question_beside_another_is_answered_as_not_covered():
    turn = Turn("que es la EMR? me van a deportar si lo atienden?", findings=["mrd"], parts=[
        Part("que es la EMR?", ["mrd"], [Ranked("mrd_overview", 1.1)]),
        Part("me van a deportar si lo atienden?", [], [Ranked("q_cns_treatment", 0.5)])])
    reply = load_router("es").respond(turn)
    assert kinds(reply) == ["passage", "not_covered"] and reply.passages == ["mrd_overview"]


@pytest.mark.parametrize("language, text", [
    ("es", "¿y lo otro? la FISH dice negative for BCR::ABL1 and KMT2A rearrangement"),
    ("es", "ok, y el cariotipo dice 54,XY,+X,+4,+6,+10,+14,+17,+18,+21,+21[15]/46,XY[5]. ¿eso qué implica?"),
    ("en", "the FISH says negative for BCR::ABL1 and KMT2A, is that good"),
])
def test_a_report_line_typed_into_a_question_is_read_as_a_report(language, text):
    assert kinds(load_router(language).respond(Turn(text)))[0] == "report"


@pytest.mark.parametrize("language, text", [
    ("en", "the doctor said her MRD was 0.02%, what does that mean"),
    ("en", "my report says CD19 positive, what is that"),
    ("es", "que significa ERM negativa?"),
])
def test_a_question_about_one_result_is_not_a_report(language, text):
    assert kinds(load_router(language).respond(Turn(text)))[0] != "report"


def test_a_report_of_one_finding_makes_it_the_topic_for_follow_ups(router):
    reply = router.respond(Turn("Cytogenetics:\nFISH: iAMP21 detected in 70% of nuclei"))
    assert kinds(reply)[0] == "report" and reply.context.finding == "iamp21"
    several = router.respond(Turn("FISH: BCR::ABL1 not detected. KMT2A: no rearrangement.\nCD19: positive"))
    assert several.context.finding is None


def first_kind_is(reply, first: str) -> bool:
    """The reply's first kind is `first`; "not urgent" means any kind but urgent."""
    kind = kinds(reply)[0]
    return kind != "urgent" if first == "not urgent" else kind == first


@pytest.mark.parametrize("language, text, first", [
    # a temperature under the fever line, measured and told calmly, is a question
    ("es", "ella ta en induccion y hoy tiene 37.2, no tiene fiebre ni na, ta jugando. le tomo la temperatura a cada rato?",
     "not urgent"),
    ("en", "temp 37.4 on chemo, is that ok", "not urgent"),
    # a word for fever still alarms whatever the number: teams draw the line differently
    ("en", "fever 37.8 on chemo", "urgent"),
    ("en", "peg-asparaginase going in now, 20 min in he has hives and his lips are swelling. nurse stepped out", "urgent"),
    ("es", "le estan pasando la quimio y se le hinchan los labios", "urgent"),
    ("en", "short of breath since this morning cant walk to the bathroom without stopping. on imatinib", "urgent"),
    ("en", "she had hives once from amoxicillin years ago, does that matter", "not urgent"),
    ("es", "y si mañana le da fiebre que hago?", "urgent_info"),
    ("en", "what if she gets a fever tonight, what do i do?", "urgent_info"),
])
def test_new_emergencies_and_calm_temperatures(language, text, first):
    assert first_kind_is(load_router(language).respond(Turn(text)), first)


@pytest.mark.parametrize("language, text, expected", [
    ("es", "ya yame al numero y me disen ke lo yebe a emergensia. grasias", "urgent"),
    ("es", "gracias", "thanks"),
    ("en", "ok thank you", "thanks"),
])
def test_thanks_that_tells_what_is_happening_keeps_the_emergency_first(language, text, expected):
    assert kinds(load_router(language).respond(Turn(text, last_kind="urgent")))[0] == expected


@pytest.mark.parametrize("language, text", [
    ("en", "sorry for all the questions"), ("es", "perdon por tantas preguntas"),
    ("en", "sorry for yelling at you. its not your fault"),
])
def test_an_apology_gets_no_need_to_apologise(language, text):
    assert kinds(load_router(language).respond(Turn(text))) == ["apology"]


def test_ok_and_asks_for_more_rather_than_acknowledging(router):
    turn = Turn("ok and", context=Context("mrd_overview", "mrd"), ranking=[Ranked("mrd_overview", 0.3)])
    assert kinds(router.respond(turn)) == ["passage"]


@pytest.mark.parametrize("text", ["you're useless", "you sound just like them"])
def test_anger_at_the_assistant_is_a_feeling(router, text):
    assert kinds(router.respond(Turn(text)))[0] == "feelings"


def test_a_karyotype_typed_out_is_read_as_a_report(router):
    assert kinds(router.respond(Turn("Karyotype 44,XY,-7,-13 [15]. Hypodiploid?")))[0] == "report"


@pytest.mark.parametrize("language, text, first", [
    ("es", "ya la llevamos ya estamos en emergencia gracias dios mio", "thanks"),
    ("es", "ya estamos en el hospital, gracias. tengo mucho miedo, estoy sola aqui", "feelings"),
    ("en", "they took her back. im shaking", "feelings"),
    ("en", "ok the ambulance is coming", "urgent"),
    # a question there still gets the reminder first
    ("es", "ya estamos en urgencias. les digo que tiene leucemia?", "urgent"),
])
def test_once_care_is_reached_keep_going_is_not_repeated(language, text, first):
    assert kinds(load_router(language).respond(Turn(text, last_kind="urgent")))[0] == first


@pytest.mark.parametrize("language, text", [
    ("es", "mi nieto de 6 años en tratamiento esta muy confundido, no me reconoce y tiene mucho sueño, que hago"),
    ("en", "my son is on chemo and his temp is 35.1 and he's cold and clammy and barely responding"),
])
def test_confusion_and_a_low_temperature_with_a_child_barely_responding_alarm(language, text):
    assert kinds(load_router(language).respond(Turn(text)))[0] == "urgent"


@pytest.mark.parametrize("language, text, expected", [
    ("en", "they are talking about car t vs transplant. whats the difference", ["treatment_car_t", "treatment_transplant"]),
    ("es", "y el médico habló de trasplante y de CAR T. cuál es la diferencia?", ["treatment_transplant", "treatment_car_t"]),
    ("en", "whats the difference between flow and fish", ["test_flow_cytometry", "test_fish"]),
])
def test_the_difference_between_two_treatments_or_tests_explains_each(language, text, expected):
    router = load_router(language)
    findings = [m.finding.id for m in router.kb.vocabulary.find(text)]
    assert router.respond(Turn(text, findings=findings)).passages == expected


@pytest.mark.parametrize("language, text, passage", [
    ("en", "so does that mean less chemo for him", "treatment_chemo"),
    ("en", "found his report, WBC at diagnosis 8.4. is that high", "factor_wbc"),
    ("en", "and what about at my age, i'm 67", "survival_adults"),
    ("es", "y eso es malo? todavia se puede curar?", "mrd_overview"),
])
def test_a_question_about_ones_own_case_gets_the_care_team_after_the_answer(language, text, passage):
    reply = load_router(language).respond(Turn(text, ranking=[Ranked(passage, 0.95)]))
    assert reply.passages[:1] == [passage]
    assert kinds(reply)[-1] == "care_team"


def test_a_general_question_gets_no_care_team_line(router):
    reply = router.respond(Turn("what does a high white count at diagnosis mean", ranking=[Ranked("factor_wbc", 0.95)]))
    assert "care_team" not in kinds(reply)


@pytest.mark.parametrize("language, text, topic, expected", [
    ("en", "and after that? what comes next for him", "gene_etv6_runx1", "treatment_chemo"),
    ("es", "¿Y después qué sigue?", "mrd_negative", "treatment_chemo"),
    ("es", "y despues ke bamos a aser", "micro_blood_smear", "treatment_chemo"),
    ("en", "ok and what comes next", "treatment_chemo", "treatment_monitoring"),
])
def test_what_comes_next_after_a_result_is_the_next_thing_in_treatment(language, text, topic, expected):
    reply = load_router(language).respond(Turn(text, context=Context(topic=topic), ranking=[Ranked("mrd_overview", 0.5)]))
    assert reply.passages == [expected]


@pytest.mark.parametrize("text, topic", [
    ("and then what", "treatment_car_t"),                          # after a relapse treatment
    ("and if its positive what happens after that?", "mrd_overview"),  # a result that may come
])
def test_what_comes_next_is_not_the_phases_after_a_relapse_or_for_a_result_to_come(router, text, topic):
    reply = router.respond(Turn(text, context=Context(topic=topic), ranking=[Ranked("treatment_transplant", 0.6)]))
    assert reply.passages != ["treatment_chemo"]


def test_a_follow_up_does_not_repeat_the_last_answer_when_the_ranker_is_sure_of_another():
    turn = Turn("cuanto dura el tratamiento", intent="ask_what_about", confidence=0.57, findings=["phases"],
                ranking=[Ranked("q_phases_duration", 1.25), Ranked("treatment_overview", 0.95)],
                context=Context(topic="ball_overview", finding="b_all"))
    assert load_router("es").respond(turn).passages == ["q_phases_duration"]


def test_what_is_a_named_finding_without_a_question_type_gets_its_passage():
    turn = Turn("my doctor mentioned CAR T if things dont work. que es eso", intent="non_english", confidence=1.0,
                findings=["car_t"], ranking=[Ranked("not_covered", 0.52), Ranked("treatment_car_t", 0.39)])
    assert load_router("es").respond(turn).passages == ["treatment_car_t"]


def test_passed_on_is_not_anger(router):
    reply = router.respond(Turn("y es hereditario? my mom thinks she passed it to him", intent="ask_causes", confidence=0.7,
                                ranking=[Ranked("risk_gene_variants", 0.8)]))
    assert "anger" not in [m.custom.get("feeling") for m in reply.messages]


def test_a_second_question_with_the_same_best_passage_gets_its_next_one(router):
    parts = [Part("what is a b cell?", [], [Ranked("b_cells", 0.9)]),
             Part("and why do they go bad?", [], [Ranked("b_cells", 0.7), Ranked("causes_overview", 0.6)])]
    turn = Turn("what is a b cell? and why do they go bad?", parts=parts, ranking=[Ranked("b_cells", 0.9)])
    assert router.respond(turn).passages == ["b_cells", "causes_overview"]


@pytest.mark.parametrize("text, intent", [
    ("His mother died of an overdose two years ago. Could he have gotten this from her?", "ask_causes"),
    ("They sent him home with a pump and bag, blinatumomab. What is this medicine doing in him?", "ask_dosing"),
])
def test_a_story_or_a_look_alike_word_is_not_a_dose_question(text, intent):
    from assistant.safety import load_safety
    assert load_safety().decision(text, intent) is None


def test_a_full_question_that_points_at_nothing_said_before_takes_the_rankers_sure_answer(router):
    turn = Turn("why they count his blood every time", intent="ask_symptoms", confidence=0.3,
                ranking=[Ranked("treatment_monitoring", 1.04), Ranked("test_cbc", 0.8)],
                context=Context(topic="symptom_bruising", finding="bruising"))
    assert router.respond(turn).passages == ["treatment_monitoring"]


def test_a_short_follow_up_still_follows_the_topic(router):
    turn = Turn("is that bad?", intent="ask_prognosis", confidence=0.8,
                ranking=[Ranked("treatment_monitoring", 1.0)], context=Context(topic="mrd_overview", finding="mrd"))
    assert "treatment_monitoring" not in router.respond(turn).passages


@pytest.mark.parametrize("language, text", [
    ("en", "my other daughter asks if she caused it because she was sick with a cold before he got diagnosed"),
    ("es", "mi suegra dice que las vacunas le causo la leucemia, es verdad?"),
])
def test_asking_what_caused_it_gets_the_causes(language, text):
    turn = Turn(text, ranking=[Ranked("symptom_infections", 0.78), Ranked("causes_overview", 0.76)])
    assert load_router(language).respond(turn).passages[:1] == ["causes_overview"]


@pytest.mark.parametrize("language, first, second, finding", [
    ("en", "what is ph+", "do i have it", "bcr_abl1"),
    ("es", "que es el cromosoma filadelfia", "mi hija lo tiene?", "bcr_abl1"),
])
def test_do_i_have_it_after_a_named_finding_gets_its_care_team_question(language, first, second, finding):
    parts = [Part(first, [finding], [Ranked("gene_bcr_abl1", 0.9)]), Part(second, [], [Ranked("survival_ph_positive", 0.6)])]
    turn = Turn(f"{first} y {second}", findings=[finding], parts=parts, ranking=[Ranked("gene_bcr_abl1", 0.9)])
    assert load_router(language).respond(turn).passages == ["gene_bcr_abl1", "q_genetic_changes"]


def test_is_she_going_to_be_ok_after_a_named_finding_is_not_the_have_it_question(router):
    parts = [Part("what is kmt2a?", ["kmt2a"], [Ranked("gene_kmt2a", 0.9)]), Part("is she going to be ok?", [], [Ranked("prognosis_overview", 0.7)])]
    reply = router.respond(Turn("what is kmt2a? is she going to be ok?", findings=["kmt2a"], parts=parts, ranking=[Ranked("gene_kmt2a", 0.9)]))
    assert "q_genetic_changes" not in reply.passages


@pytest.mark.parametrize("text, intent, expected", [
    ("some nights i honestly just want to skip. would one night really matter?", "ask_treatment_decision", "ask_treatment_decision"),
    ("what if i already skipped 2 nights last week", "ask_dosing", "ask_dosing"),
    ("so i have leukemia. cool. great. how long do i have to do this", "ask_personal_prognosis", None),
    ("how long do i have to live", "ask_personal_prognosis", "ask_personal_prognosis"),
])
def test_readings_from_blind_set_i_care_team(text, intent, expected):
    from assistant.safety import load_safety
    assert load_safety().decision(text, intent) == expected


@pytest.mark.parametrize("text, decision", [
    ("mira quiero saber cuanta vincristina y cuanta dexametasona le tocan a mi hijo, pesa 25 kilos", "ask_dosing"),
    ("y si mejor se la dejo unos dias? se ve tan cansadito el pobre", "ask_treatment_decision"),
])
def test_readings_from_spanish_set_g_care_team(text, decision):
    reply = load_router("es").respond(Turn(text))
    assert reply.messages[0].custom.get("decision") == decision


def test_a_language_request_with_a_question_after_a_colon_answers_the_question():
    from assistant.router import _asks_more_than_language
    assert _asks_more_than_language("en ingles porfa, es para mi esposo: cual es la diferencia entre B-ALL y el lymphoma?")
    assert not _asks_more_than_language("en ingles porfa, es para mi esposo que no lee español")


def test_how_is_it_treated_follows_the_topics_link_even_when_the_ranker_is_sure_of_another(router):
    turn = Turn("how is it treated?", intent="ask_treatment", confidence=0.9, ranking=[Ranked("treatment_overview", 0.95)],
                context=Context(topic="gene_ph_like", finding="ph_like"))
    assert router.respond(turn).passages == ["gene_ph_like"]


def test_what_is_one_named_finding_gets_its_passage_over_a_ranker_best_about_something_else(router):
    turn = Turn("my records also say 'iAMP21'. what is that?", intent="ask_what_is", confidence=0.56, findings=["iamp21"],
                ranking=[Ranked("q_flow_markers", 0.59), Ranked("genetics_overview", 0.56), Ranked("gene_iamp21", 0.52)])
    assert router.respond(turn).passages[0] == "gene_iamp21"


def test_what_is_a_topic_word_keeps_the_rankers_answer(router):
    """"What is childhood ALL?" names an age group, not a finding to define."""
    turn = Turn("What is (are) Childhood Acute Lymphoblastic Leukemia ?", intent="ask_what_is", confidence=0.8,
                findings=["b_all", "children"], ranking=[Ranked("ball_overview", 0.9), Ranked("survival_children", 0.8)])
    assert router.respond(turn).passages[0] == "ball_overview"


def test_a_personal_outlook_question_about_a_named_finding_gets_its_passage_then_the_care_team(router):
    turn = Turn("RESULTS BACK. MRD NEGATIVE!!! does that mean shes cured??", intent="ask_personal_prognosis", confidence=0.8,
                findings=["mrd_negative"], ranking=[Ranked("mrd_negative", 0.9)])
    reply = router.respond(turn)
    assert reply.passages[:1] == ["mrd_negative"] and kinds(reply)[-1] == "care_team"


def test_doesnt_all_is_not_t_cell_all(router):
    reply = router.respond(Turn("why doesn't ALL get a stage like my aunts breast cancer had stage 2", ranking=[Ranked("no_stage", 0.9)]))
    assert reply.passages == ["no_stage"]


def _blind_readings():
    with open(Path(__file__).with_name("blind_readings.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["cases"]


@pytest.mark.parametrize("case", _blind_readings(), ids=lambda case: case["text"][:40])
def test_readings_from_the_blind_sets(case):
    """tests/unit/blind_readings.yml: what each set's one measurement showed."""
    passage, score = case["ranked"]
    turn = Turn(case["text"], last_kind=case.get("after"), ranking=[Ranked(passage, score)])
    assert first_kind_is(load_router(case["language"]).respond(turn), case["first"])



def test_a_message_that_ends_asking_what_it_is_gets_the_one_thing_it_named(router):
    text = ("hi. its 2am and i cant sleep. they told us today our daughter has leukemia, b-all they said. shes 4. "
            "i dont even know what to ask. what even is it")
    turn = Turn(text, intent="ask_urgent_info", confidence=0.99, findings=["b_all", "b_all"],
                ranking=[Ranked("doctor_questions", 1.0), Ranked("ball_overview", 0.69)])
    assert "ball_overview" in router.respond(turn).passages


@pytest.mark.parametrize("text", ["0.01%", "it was <0.01%", "0,08 %"])
def test_a_bare_figure_after_mrd_is_read_as_its_result(router, text):
    turn = Turn(text, context=Context(topic="mrd_overview", finding="mrd", facet="what_is"),
                ranking=[Ranked("mrd_overview", 0.6)])
    reply = router.respond(turn)
    assert kinds(reply)[0] == "report" and reply.report_findings[0]["id"] == "mrd"


def test_a_bare_figure_with_nothing_measured_before_is_not_a_result(router):
    reply = router.respond(Turn("0.01%", ranking=[Ranked("mrd_overview", 0.6)]))
    assert not reply.report_findings


@pytest.mark.parametrize("language, text", [("en", "she forgets everything the doctor says, what should we ask"),
                                            ("es", "y que le pregunto al doctor? se me olvida todo")])
def test_someone_forgetting_is_not_asking_to_delete(language, text):
    reply = load_router(language).respond(Turn(text, ranking=[Ranked("doctor_questions", 0.8)]))
    assert "delete_confirm" not in kinds(reply)


def test_forget_everything_still_asks_to_delete(router):
    assert kinds(router.respond(Turn("please forget everything i told you")))[0] == "delete_confirm"


def test_a_passage_about_what_the_message_names_beats_a_close_one_about_something_it_never_names(router):
    turn = Turn("ok thanks. and for adults how do they do? he's worried", intent="ask_testing", confidence=0.57,
                findings=["adults"], ranking=[Ranked("test_lumbar_puncture", 0.76), Ranked("survival_adults", 0.66)])
    assert router.respond(turn).passages[:1] == ["survival_adults"]
    far = Turn("ok thanks. and for adults how do they do? he's worried", intent="ask_testing", confidence=0.57,
               findings=["adults"], ranking=[Ranked("test_lumbar_puncture", 0.9), Ranked("survival_adults", 0.5)])
    assert router.respond(far).passages[:1] == ["test_lumbar_puncture"]


def test_a_list_named_before_a_short_what_is_it_is_explained_item_by_item():
    text = ("buenas, mi hijo de 11 años ya habia terminado el tratamiento y ahora le volvio la leucemia. el doctor hablo "
            "de CAR T y de trasplante de medula. que es eso? nosotros somos de El Salvador y alla nunca oimos de eso")
    reply = load_router("es").respond(Turn(text, findings=["car_t", "stem_cell_transplant"],
                                           ranking=[Ranked("treatment_transplant", 0.6)]))
    assert {"treatment_car_t", "treatment_transplant"} <= set(reply.passages)


@pytest.mark.parametrize("text, passage", [
    ("my son is 10 and one testicle looks swollen, hes in treatment for b-all. is that related?", "factor_other_sites"),
    ("shes in maintenance now and had a night sweat last week. should i worry its back", "symptom_fever_sweats"),
    ("will his treatment be different because of the DS", "risk_inherited_conditions"),
    ("my neck glands are swollen. does that mean its spread? my last appointment was 2 weeks ago", "symptom_swelling"),
])
def test_a_question_about_ones_own_case_gets_the_general_answer_then_the_care_team(router, text, passage):
    reply = router.respond(Turn(text, ranking=[Ranked(passage, 0.8)]))
    assert reply.passages[:1] == [passage] and kinds(reply)[-1] == "care_team"


@pytest.mark.parametrize("text", ["what are my odds at 52", "just tell me my number. 44 male, Ph negative. what are my odds",
                                  "ok just give me an actual percent for my daughter. 13 yo, ETV6-RUNX1, MRD neg day 29"])
def test_asking_for_ones_own_odds_goes_to_the_care_team(router, text):
    reply = router.respond(Turn(text, intent="ask_prognosis", confidence=0.6, ranking=[Ranked("survival_adults", 0.8)]))
    assert "care_team" in kinds(reply)


@pytest.mark.parametrize("text", ["should we get our other kids tested", "should the siblings be tested too"])
def test_testing_the_rest_of_the_family_is_the_teams_call(router, text):
    reply = router.respond(Turn(text, intent="ask_testing", confidence=0.5, ranking=[Ranked("risk_gene_variants", 0.5)]))
    assert "care_team" in kinds(reply)


def test_a_close_passage_that_speaks_of_the_named_finding_keeps_its_place():
    turn = Turn("q es medula osea", findings=["bone_marrow"],
                ranking=[Ranked("test_bone_marrow", 0.96), Ranked("microscope_overview", 0.84)])
    assert load_router("es").respond(turn).passages[:1] == ["test_bone_marrow"]


@pytest.mark.parametrize("language, text, last", [("es", "y le va a volver a salir?", "side_effects"),
                                                  ("en", "and will it grow back?", "side_effects"),
                                                  ("en", "and is it the same for AML?", "other_cancer")])
def test_a_short_follow_up_to_an_uncovered_topic_stays_uncovered(language, text, last):
    turn = Turn(text, last_kind=last, ranking=[Ranked("mrd_relapse", 0.6)])
    assert kinds(load_router(language).respond(turn))[0] == last


def test_a_follow_up_that_names_a_finding_after_a_redirect_is_answered(router):
    turn = Turn("and what is mrd?", last_kind="side_effects", findings=["mrd"], ranking=[Ranked("mrd_overview", 0.8)])
    assert router.respond(turn).passages[:1] == ["mrd_overview"]


def test_and_the_treatment_right_after_a_topic_follows_its_link():
    turn = Turn("y el tratamiento cambia?", context=Context(topic="ball_vs_lbl", finding="b_lbl", facet="what_is"),
                ranking=[Ranked("q_children_vs_adults", 0.99), Ranked("mrd_treatment", 0.78), Ranked("treatment_overview", 0.62)])
    assert load_router("es").respond(turn).passages[:1] == ["treatment_overview"]


def test_a_finding_named_alone_in_an_unknown_spelling_is_explained(router):
    turn = Turn("hipodiploide", intent="ask_what_about", confidence=0.66, findings=["hypodiploidy"],
                ranking=[Ranked("gene_hypodiploidy", 1.05)])
    assert router.respond(turn).passages == ["gene_hypodiploidy"]


def test_symptoms_told_together_are_each_explained(router):
    turn = Turn("she was also tired all the time and caught one cold after another that winter",
                findings=["fatigue", "infection"], ranking=[Ranked("symptom_tiredness", 0.8)])
    assert router.respond(turn).passages == ["symptom_tiredness", "symptom_infections"]
    asked_why = Turn("why was she tired all the time and catching colds", findings=["fatigue", "infection"],
                     ranking=[Ranked("why_symptoms", 0.8)])
    assert router.respond(asked_why).passages[:1] == ["why_symptoms"]


# From the outside review of this session's change: what must not happen.
def test_an_apology_that_tells_more_is_answered_as_what_it_tells(router):
    text = "sorry my english not good. the doctor say my son have leukemia b all and i dont understand nothing"
    reply = router.respond(Turn(text, findings=["b_all"], ranking=[Ranked("ball_overview", 0.8)]))
    assert "apology" not in kinds(reply)


@pytest.mark.parametrize("text", ["is it 90%?", "so 1%?"])
def test_a_figure_asked_about_is_not_read_as_a_result(router, text):
    turn = Turn(text, context=Context(topic="mrd_overview", finding="mrd", facet="what_is"),
                ranking=[Ranked("mrd_overview", 0.6)])
    assert not router.respond(turn).report_findings


def test_a_finding_named_in_the_story_does_not_beat_the_question(router):
    turn = Turn("my son has ETV6-RUNX1. how do they do the needle in his back?", intent="ask_testing", confidence=0.6,
                findings=["etv6_runx1"], ranking=[Ranked("test_lumbar_puncture", 0.8), Ranked("gene_etv6_runx1", 0.7)])
    assert router.respond(turn).passages[:1] == ["test_lumbar_puncture"]


def test_what_happens_during_it_is_not_what_is_it(router):
    turn = Turn("the doctor ordered a bone marrow test for tomorrow. what happens during it",
                findings=["bone_marrow_biopsy"], ranking=[Ranked("test_bone_marrow", 0.8)])
    assert router.respond(turn).passages[:1] == ["test_bone_marrow"]


def test_a_longer_and_question_after_a_topic_is_its_own_question(router):
    turn = Turn("so what causes leukemia in kids?", context=Context(topic="mrd_relapse", finding="mrd", facet="prognosis"),
                ranking=[Ranked("causes_overview", 0.85)])
    assert router.respond(turn).passages[:1] == ["causes_overview"]


def test_when_to_go_to_the_er_after_a_redirect_gets_the_facts(router):
    turn = Turn("and when should we go to the ER?", last_kind="side_effects", ranking=[Ranked("symptom_infections", 0.5)])
    assert kinds(router.respond(turn))[0] == "urgent_info"


def test_after_a_plain_not_covered_the_topic_still_stands(router):
    turn = Turn("is that bad for him", last_kind="not_covered", intent="ask_prognosis", confidence=0.8,
                context=Context(topic="factor_wbc", finding="wbc", facet="prognosis"), ranking=[Ranked("factor_wbc", 0.5)])
    assert "not_covered" not in kinds(router.respond(turn))


def test_asking_what_the_symptoms_are_gets_the_overview_even_when_two_are_told(router):
    turn = Turn("que sintomas da la leucemia linfoblastica B? mi sobrino tuvo fiebre y dolor de huesos antes",
                findings=["b_all", "fever_sweats", "bone_pain"], ranking=[Ranked("symptoms_overview", 0.9)])
    assert load_router("es").respond(turn).passages[:1] == ["symptoms_overview"]


@pytest.mark.parametrize("text, first", [
    ("They started me on dasatinib. What's the standard dose, and can I keep flying while on it?", "care_team"),
    ("ok. vincristine neuropathy - any guidance on dose adjustment", "care_team"),
    ("sorry for ranting", "apology"),
    ("Salamat po. I will ask doctor tomorrow.", "thanks"),
    ("ok. and who do i call at 3am if hes sick", "urgent_info"),
])
def test_set_n_after_its_measurement(router, text, first):
    reply = router.respond(Turn(text, intent="side_effects", confidence=0.5, ranking=[Ranked("treatment_tki", 0.5)]))
    assert kinds(reply)[0] == first


def test_a_staging_question_that_compares_with_another_cancer_is_ours(router):
    reply = router.respond(Turn("what stage is it? my friends breast cancer was stage 2", ranking=[Ranked("no_stage", 0.9)]))
    assert reply.passages[:1] == ["no_stage"]
    assert kinds(router.respond(Turn("what is the treatment for breast cancer?", ranking=[Ranked("treatment_overview", 0.6)])))[0] == "other_cancer"
    aml = router.respond(Turn("What are the stages of Adult Acute Myeloid Leukemia ?", ranking=[Ranked("no_stage", 0.9)]))
    assert kinds(aml)[0] == "other_cancer"


@pytest.mark.parametrize("text, report", [
    # a labelled report line typed out with a question (sets O, P)
    ("end of induction MRD: 0.03% by flow. good or bad?", True),
    ("Flow cytometric MRD (end of induction, day 29): 0.08% abnormal B-lymphoblasts detected. what now", True),
    ("MRD by NGS: not detected (sensitivity 1 in a million). end of consolidation", True),
    # a colon that labels no finding, or the "::" of a fusion, is not a report line
    ("third: it says PAX5 positive. same thing?", False),
    ("her report says B-ALL with ETV6::RUNX1, what does that mean", False),
    ("my report says CD19 positive, what is that", False),
    # a question typed after a label is a question (outside review)
    ("MRD: what does it mean when its negative and how often do they check it", False),
    ("CD19: why does it matter if its positive", False),
])
def test_a_labelled_report_line_is_read_as_a_report(text, report):
    assert ("report" in kinds(load_router("en").respond(Turn(text)))) is report



@pytest.mark.parametrize("language, text, first", [
    # set Q and Spanish O: not going after an emergency keeps the urgency;
    # back from the hospital, or a question about the cause, does not
    ("en", "hes saying hes fine now and doesnt want to go", "urgent"),
    ("en", "ok im back from the hospital, they said its not my heart. so what is consolidation", None),
    # second outside review: refusals keep the urgency, a doctor's all-clear does not
    ("en", "we just got back from the hospital yesterday, im not taking him again", "urgent"),
    ("en", "hes not going, he says its nothing", "urgent"),
    ("es", "se niega a ir al hospital", "urgent"),
    ("es", "mi esposo dice que no es para tanto, que mejor esperamos", "urgent"),
    ("en", "the doctor says hes fine. what is a blast", None),
    ("es", "el doctor de urgencias dice que esta bien, ya nos vamos a casa", None),
])
def test_after_an_emergency(language, text, first):
    reply = load_router(language).respond(Turn(text, last_kind="urgent"))
    assert (kinds(reply)[0] == "urgent") is (first == "urgent")


def test_a_question_word_close_to_a_followup_cue_is_not_one():
    # "puede" is not "puedo": a question about the brain, asked on the way, is answered
    reply = load_router("es").respond(Turn("el doctor de la ambulancia pregunto si la leucemia esta en el cerebro. "
                                           "puede estar en el cerebro?", last_kind="urgent_reminded"))
    assert kinds(reply)[0] != "urgent"

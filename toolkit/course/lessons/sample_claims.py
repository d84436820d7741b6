"""The synthetic case lesson 12's claim form is filled from, and the short 835s lesson 13 reads.

Training material only: no real patient, no real provider. The NPIs pass the NPI check digit
(Luhn with the 80840 prefix) so the form can be checked like a real one, but they are
examples (1234567893 is the worked example of the NPI check-digit annex) and the course labels
them so. Each 835 is built by `build_835` so its SE segment count is always right.
"""

from __future__ import annotations

EXAMPLE_NPIS = {
    "referring": "1234567893",  # Dr. Lena Hart (synthetic), who certified the plan of care
    "rendering": "1999999984",  # Maria Okafor, PT (synthetic)
    "billing": "1112223338",  # Riverside Therapy (synthetic practice)
}
# The patient's Medicare number in the 835s: the example CMS prints in "Understanding the
# Medicare Beneficiary Identifier (MBI) Format", never a real person's.
EXAMPLE_MBI = "1EG4TE5MK73"
# Shown with the sample 835s, so a learner never takes a number in them for a real one.
SAMPLES_835_ABOUT = (
    f"Synthetic samples: the patient SAMPLE PAT, the MBI {EXAMPLE_MBI} (the example "
    "Medicare number CMS prints in its MBI format guide), the payer and Riverside Therapy's "
    f"NPI {EXAMPLE_NPIS['billing']} (an example that passes the check digit) are not real."
)

CASE_NOTE = """
OUTPATIENT PT DAILY NOTE           Riverside Therapy (training case, synthetic)
DOS: 03/04/2026    Pt: SYNTH-1201    Ins: Medicare Part B    Place: our office
Referred by / plan certified by: Dr. Lena Hart, MD, NPI 1234567893 (example), signed 02/20/2026
Medical dx: primary osteoarthritis, right knee (M17.11)
Treating dx: difficulty in walking (R26.2); muscle weakness, generalised (M62.81)

 9:02-9:40   Ther act (97530) 38 min: stair negotiation 4 steps w/ rail, sit-to-stand from
             low chair, car transfer practice. Treats: difficulty in walking.
 9:40-9:52   Ther ex (97110) 12 min: quad sets, SAQ, hip abduction. Treats: weakness.
Total timed minutes: 50      Total treatment time: 50 min
Charges (clinic fee schedule): 97530 $65.00 a unit; 97110 $55.00 a unit.

Signed: Maria Okafor, PT, DPT, NPI 1999999984 (example)     03/04/2026
Billing provider: Riverside Therapy, NPI 1112223338 (example)
"""

# What the note says each box must hold (the claim-form widget compares with it).
CASE = {
    "17 qualifier": "DN",
    "17 name": "Lena Hart",
    "17b": EXAMPLE_NPIS["referring"],
    "21": {"A": "R26.2", "B": "M62.81", "C": "M17.11"},
    "minutes": {"97530": 38, "97110": 12},
    "lines": [
        {
            "24A": "03/04/2026",
            "24B": "11",
            "24D code": "97530",
            "24D modifiers": "GP",
            "24E": ["R26.2", "M17.11"],
            "24F": "130.00",
            "24G": "2",
            "24J": EXAMPLE_NPIS["rendering"],
        },
        {
            "24A": "03/04/2026",
            "24B": "11",
            "24D code": "97110",
            "24D modifiers": "GP",
            "24E": ["M62.81", "M17.11"],
            "24F": "55.00",
            "24G": "1",
            "24J": EXAMPLE_NPIS["rendering"],
        },
    ],
    "31": "Maria Okafor PT 03/04/2026",
    "33": "Riverside Therapy",
    "33a": EXAMPLE_NPIS["billing"],
}


def build_835(claim_segments: list[str], *, payment: str) -> str:
    """A whole 835 (ISA ... IEA) around `claim_segments` (CLP onwards), separators * : ~."""
    header = [
        "ST*835*0001",
        f"BPR*I*{payment}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*654321*20260320",
        "TRN*1*12345*1512345678",
        "DTM*405*20260320",
        "N1*PR*SYNTHETIC MEDICARE CONTRACTOR",
        "N1*PE*RIVERSIDE THERAPY*XX*" + EXAMPLE_NPIS["billing"],
        "LX*1",
    ]
    body = header + claim_segments
    segments = [*body, f"SE*{len(body) + 1}*0001"]
    isa = (
        "ISA*00*          *00*          *ZZ*SYNTHPAYER     *ZZ*RIVERSIDE      "
        "*260320*1200*^*00501*000000001*0*T*:~"
    )
    return "\n".join(
        [isa, "GS*HP*SYNTHPAYER*RIVERSIDE*20260320*1200*1*X*005010X221A1~"]
        + [s + "~" for s in segments]
        + ["GE*1*1~", "IEA*1*000000001~"]
    )


SAMPLE_835 = {
    "Paid with coinsurance (CO-45, PR-2)": build_835(
        [
            "CLP*SYNTH1201*1*185*118.40*29.60*MB*26079000001*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "SVC*HC:97530:GP*130*83.20**2",
            "DTM*472*20260304",
            "CAS*CO*45*26.00",
            "CAS*PR*2*20.80",
            "SVC*HC:97110:GP*55*35.20**1",
            "DTM*472*20260304",
            "CAS*CO*45*11.00",
            "CAS*PR*2*8.80",
        ],
        payment="118.40",
    ),
    "Bundled with manual therapy (CO-97)": build_835(
        [
            "CLP*SYNTH1202*1*210*64.00*16.00*MB*26079000002*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "SVC*HC:97140:GP*80*64.00**1",
            "DTM*472*20260305",
            "CAS*PR*2*16.00",
            "SVC*HC:97530:GP*130*0**2",
            "DTM*472*20260305",
            "CAS*CO*97*130",
        ],
        payment="64.00",
    ),
    "Not medically necessary (CO-50, N115)": build_835(
        [
            "CLP*SYNTH1203*4*195*0*0*MB*26079000003*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "SVC*HC:97530:GP:KX*195*0**3",
            "DTM*472*20260306",
            "CAS*CO*50*195",
            "LQ*HE*N115",
        ],
        payment="0",
    ),
    "Too many units (CO-151)": build_835(
        [
            "CLP*SYNTH1204*1*260*83.20*20.80*MB*26079000004*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "SVC*HC:97530:GP*260*83.20**4",
            "DTM*472*20260309",
            "CAS*CO*151*130",
            "CAS*CO*45*26.00",
            "CAS*PR*2*20.80",
        ],
        payment="83.20",
    ),
    "Plan limit and not covered (CO-119, PR-204)": build_835(
        [
            "CLP*SYNTH1205*4*195*0*65*16*26079000005*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "SVC*HC:97530:GP*130*0**2",
            "DTM*472*20260310",
            "CAS*CO*119*130",
            "LQ*HE*N130",
            "SVC*HC:97750:GP*65*0**1",
            "DTM*472*20260310",
            "CAS*PR*204*65",
        ],
        payment="0",
    ),
    "Unprocessable: box left blank (CO-16, MA130)": build_835(
        [
            "CLP*SYNTH1206*4*130*0*0*MB*26079000006*11",
            "NM1*QC*1*SAMPLE*PAT****MI*" + EXAMPLE_MBI,
            "MOA***MA130",
            "SVC*HC:97530*130*0**2",
            "DTM*472*20260311",
            "CAS*CO*16*130",
        ],
        payment="0",
    ),
}

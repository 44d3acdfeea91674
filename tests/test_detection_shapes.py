"""The kinds of detail the written sets (rounds 4-10) showed the detector missing or
over-redacting, one case each: what must go and what must stay, tested through the detector as redaction
uses it."""

from __future__ import annotations

import re

import pytest

from uofclean.redact.detect import Detector


@pytest.fixture(scope="module")
def detector():
    return Detector.load(ner=True)


def _covered(text: str, spans) -> bytearray:
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    return covered


CASES = [
    # (text, must be redacted, must be kept)
    ('I shouted "drop it now" and drew PAVA.', [], ["drop it now", "PAVA"]),
    ("Accused Hugh 'Wee Shug' McLAUGHLIN (17) ran.", ["Hugh", "Wee Shug", "McLAUGHLIN"], []),
    ("Ross, known locally as 'the Skipper', was shouting.", ["the Skipper"], []),
    (
        "Whilst on patrol on Manningham Lane, Bradford, we stopped him.",
        ["Manningham Lane"],
        ["Bradford"],
    ),
    ("He was taken to Glangwili by ambulance.", [], ["Glangwili"]),
    (
        "Attended Pitch 22, Tregarrick Sands Holiday Park, Perranporth.",
        ["Pitch 22, Tregarrick Sands Holiday Park"],
        ["Perranporth"],
    ),
    ("Sent to The Old Rectory, Church Lane, East Stoke.", ["The Old Rectory", "Church Lane"], []),
    ("DOMESTIC AT HIGH HOUSE FARM, MARTINDALE.", ["HIGH HOUSE FARM"], []),
    (
        "Wayne HEWITSON (DOB the twelfth of December nineteen seventy-eight) ran.",
        ["the twelfth of December nineteen seventy-eight"],
        [],
    ),
    (
        "Stop check of a Ford Transit on Romanian plates CJ 12 VXR near the A15.",
        ["CJ 12 VXR"],
        ["Ford Transit", "A15"],
    ),
    # round 17 (sets AZ-BC): back-files' incident dates, force headings, other services,
    # Channel Islands roads, service quarters, slashed references, boats, labelled names
    ("RECORD URN 04/5521/10  DATE: 19.04.10  TIME: 0215hrs. Male ran.", [], ["19.04.10"]),
    (
        "Date: 02/11/2009. On Fri 6th Mar 2009 at approx 2240 I attended.",
        [],
        ["02/11/2009", "6th Mar 2009"],
    ),
    ("Ryan TOLLEY (04/11/1987) was arrested on 12/12/2009.", ["04/11/1987"], ["12/12/2009"]),
    ("He says he was born in a village near Lagos on 14/05/1979.", ["14/05/1979"], []),
    (
        "SURNAME: OKAFOR D.O.B: 14/03/1990 DATE: 12/03/2009 TIME: 2210",
        ["14/03/1990"],
        ["12/03/2009"],
    ),
    ("gave his date of birth as 'fourth of May 1994' and ran", ["fourth of May 1994"], []),
    ("LINCS POLICE — SKEGNESS — Call to a fight outside a pub.", [], ["SKEGNESS"]),
    (
        "SAC Kofi MENSAH and LCpl Tom RILEY held him; FF Dana ROSS helped.",
        ["Kofi", "RILEY"],
        ["SAC", "LCpl", "FF"],
    ),
    (
        "Warden Priya DAS and Postman Ian GREGG were witnesses.",
        ["Priya DAS", "Ian GREGG"],
        ["Warden", "Postman"],
    ),
    (
        "Attended Le Courtil Blanc, La Route de la Lande, Vale GY3 5HW.",
        ["Le Courtil Blanc", "La Route de la Lande", "GY3 5HW"],
        [],
    ),
    ("Taken home to 4 Le Clos du Parc, St Sampson.", ["4 Le Clos du Parc"], []),
    (
        "Disturbance at Married Quarter 9 Gordon Road, Aldershot.",
        ["Married Quarter 9 Gordon Road"],
        ["Aldershot"],
    ),
    ("He lives in halls, room c22, and on base at Dorm 12.", ["room c22", "Dorm 12"], []),
    ("Safeguarding referral made (PPN ref 24/WM/PPN/5512).", ["24/WM/PPN/5512"], []),
    ("Agent showed his certificate (cert 4471/EA/NOR) at the door.", ["4471/EA/NOR"], []),
    ("male at 7 sheaf house rd s11 called us", ["7 sheaf house rd", "s11"], []),
    ("visit to flat 2 ash house moss side m14 went badly, mum upset", ["m14"], []),
    ("LOC=HIGH PAVEMENT, NOTTINGHAM|SUBJ=NONE", ["HIGH PAVEMENT"], ["NOTTINGHAM"]),
    ("Fight on the quay: the skipper of the LT 318 was held.", ["LT 318"], []),
    ("SUBJ: CROW, DANNY | DOB 03-MAR-1990 | OFFENCE: D&D", ["CROW, DANNY"], []),
    ("Restrained by myself and PC 4471 LOCK.", ["LOCK"], []),
    (
        "On Prince of Wales Road, Cardiff, at 0200 a fight broke out.",
        ["Prince of Wales Road"],
        ["Cardiff"],
    ),
    (
        "Called to 22 Low Pavement, Nottingham, and then on the Bigg Market.",
        ["22 Low Pavement", "Bigg Market"],
        [],
    ),
    ("He hit the steward with a crutch and a knuckle duster.", [], ["crutch", "duster"]),
    # the review of round 16's rules: names before a colon, in-law cues, rules that fired
    # on times, chases, floods, lanes and sentence openers
    ("Interview of MARK WOOD: no comment.", ["MARK", "WOOD"], []),
    ("Q: where were you? DAWN: at my mum's.", ["DAWN"], []),
    ("Her brother-in-law Hope arrived later.", ["Hope"], []),
    ("Next appt 1400hrs at the GP.", [], ["1400hrs"]),
    ("Drug users e.g. heroin were present.", [], ["e.g"]),
    ("Outside 12 High Street, 1430 PC Smith arrived.", ["12 High Street"], ["1430"]),
    ("Foot chase, last 4 minutes, ending 0215.", [], ["0215"]),
    ("The floods (Cumbria 2009) closed roads.", [], ["2009"]),
    ("Vehicle blocking Lane 1, Lane 2 on the M6.", [], ["Lane 1, Lane 2"]),
    ("At 1430 Via Airwave I requested backup.", [], ["1430 Via Airwave"]),
    ("On Monday Draghici Trans SRL called.", ["Draghici Trans SRL"], ["On Monday"]),
    ("Officers present: PC 5678 TASER, PC 3456 SMITH.", ["SMITH"], ["TASER"]),
    ("No injuries. pc 13380 quick", ["quick"], []),
    ("PC 2145 held the left arm.", ["2145"], ["held"]),
    ("She was on Snapchat, account ellie.x.2011. He left.", ["ellie.x.2011"], []),
    ("I stopped a male on Claremont Road, M14 as he ran.", ["Claremont Road", "M14"], []),
    ("Driver (hackney badge NCC 0872) said so.", ["NCC 0872"], []),
    ("A male, PHAM Van Duc, tried to leave.", ["PHAM Van Duc"], []),
    (
        "The quad was a red Honda TRX420 with a John Deere 6155R.",
        [],
        ["Honda TRX420", "John Deere 6155R"],
    ),
    (
        "The workers are employed through Wright & Sons Labour Supply.",
        ["Wright & Sons Labour Supply"],
        [],
    ),
    ("Logged in from 2a02:c7c:5c4a:1800::2b at 0300.", ["2a02:c7c:5c4a:1800::2b"], ["0300"]),
    ("Referred to MARAC and CAMHS; conveyed to Derriford.", [], ["MARAC", "CAMHS", "Derriford"]),
    # round 5 (sets I-K): surnames that are everyday words after a first name
    (
        "Outside the shop Owen Baker and Callum Sharp were arguing.",
        ["Owen Baker", "Callum Sharp"],
        [],
    ),
    (
        "She went to stay with her gran Maureen Pebble in Penzance.",
        ["Maureen Pebble"],
        ["Penzance"],
    ),
    (
        "Carl Forest was shouting at staff; his sister Jodie Harbour filmed it.",
        ["Carl Forest", "Jodie Harbour"],
        [],
    ),
    ("We walked round Victoria Park to the van.", [], ["Victoria Park"]),
    ("PC 4410 Gemma SHIELDS applied handcuffs.", ["Gemma", "SHIELDS"], ["handcuffs"]),
    # street words of the regions, after a house number
    ("Attended 23 Thornfield Croft at 2100.", ["23 Thornfield Croft"], ["2100"]),
    ("Male detained at 5 Walker Brow, Colne.", ["5 Walker Brow"], ["Colne"]),
    # dictated numbers and dates
    (
        "her mob is oh seven seven one two double four nine three one six",
        ["oh seven seven one two double four nine three one six"],
        [],
    ),
    ("dob the third of june ninety one", ["the third of june ninety one"], []),
    ("sgt six two one eight attended", ["six two one eight"], ["attended"]),
    ("went to thirty one Larch Avenue to find him", ["thirty one Larch Avenue"], []),
    ("I counted one, two, three and we lifted him.", [], ["one, two, three"]),
    # plates spaced apart, number first, foreign
    ("Stopped a silver van KP 19 ZXR on the A30.", ["KP 19 ZXR"], ["A30"]),
    ("Car 3318 RZK was parked.", ["3318 RZK"], []),
    ("Held under s.136 MHA at 0100.", [], ["s.136 MHA"]),
    # businesses: hyphenated trades, trade words before the owner's name
    ("Alarm at Rahman's Corner Mini-Mart in Oldham.", ["Rahman's Corner Mini-Mart"], ["Oldham"]),
    ("Lorry of Transport Nowak Tomasz SRL was searched.", ["Transport Nowak Tomasz SRL"], []),
    # log numbers with their day, device addresses, passports with a space
    ("Log 0417 of the 9th refers.", ["0417 of the 9th"], []),
    ("Laptop MAC a4:5e:60:d2:11:9c was seized.", ["a4:5e:60:d2:11:9c"], []),
    ("Polish passport number EK 4471920 was produced.", ["EK 4471920"], []),
    # round 5 (set L): homes that are rooms, blocks and boats; references with their date
    ("The landlord said the male was in Room 4 upstairs.", ["Room 4"], []),
    ("He was interviewed in interview room 3 at 0400.", [], ["interview room 3", "0400"]),
    ("Called to Hawthorn Court, Block D, Flat 12 by security.", ["Block D, Flat 12"], []),
    ('She lives aboard the narrowboat "Silver Otter" at the moorings.', ['"Silver Otter"'], []),
    ("Incident serial WM 5521 03/04/24 refers.", ["WM 5521 03/04/24"], []),
    # set N: rooms, beds and cells in institutions; the custody's own cells are not homes
    ("He was in cell 2-08 on C wing when staff called.", ["cell 2-08 on C wing"], []),
    ("Patient in bay 6 bed 3 became violent.", ["bay 6 bed 3"], []),
    (
        "Resident of Room 9, Larchfield Care Home, struck a carer.",
        ["Room 9, Larchfield Care Home"],
        [],
    ),
    ("He was placed in cell 4 at Brixton custody.", [], ["cell 4"]),
    ("Log PSNI 2231 of 14/02/24 refers.", ["PSNI 2231 of 14/02/24"], []),
    # over-redaction the round-5 sets showed: British spellings, verbs after a surname in
    # capitals, a sentence going on after a name, nationalities after a comma, labels of a
    # transcript, slash abbreviations, football clubs, airports
    ("He grabbed my body armour near the harbour.", [], ["armour", "harbour"]),
    ("PC Ella BRANDT drew PAVA and I drew Taser.", ["Ella", "BRANDT"], ["drew PAVA"]),
    ("I pulled Ainsley off and grounded him.", ["Ainsley"], ["off and"]),
    ("He was Piet de VRIES, Dutch national.", ["Piet de VRIES"], ["Dutch national"]),
    ("MALE (Dwayne COLE): get off me. MALE: no.", ["Dwayne", "COLE"], ["MALE: no"]),
    ("s/o Ricardo SOUSA spat at me.", ["Ricardo", "SOUSA"], ["s/o"]),
    (
        "Stewards at Leeds Utd v Hull City called us to Gatwick Airport.",
        [],
        ["Utd", "Gatwick Airport"],
    ),
    # round 6: rural places kept, sign-offs' stations, medicines, places abroad
    ("PC 1822 J. HARTLEY, Settle", ["HARTLEY"], ["Settle"]),
    ("Statement of PC 3104 Imran BHATTI, West Yorkshire Police.", ["Imran", "BHATTI"], ["West"]),
    ("PC 0415 Avon and Somerset.", [], ["Avon and Somerset"]),
    ("She lives in Ravensworth, came down by bus.", [], ["Ravensworth"]),
    ("Checked on him at Thwaite once the snow cleared.", [], ["Thwaite"]),
    ("He shouted at Jenkins and ran.", ["Jenkins"], []),
    ("In Okafor's car we found a knife.", ["Okafor"], []),
    ("Arrested at Kings Lynn PIC after drinking at the Wheatsheaf.", [], ["Lynn", "Wheatsheaf"]),
    (
        "He had taken sertraline and zopiclone; two lurchers in the van.",
        [],
        ["sertraline", "lurchers"],
    ),
    ("A refugee from Syria tried to board the ferry to Dublin.", [], ["Syria", "Dublin"]),
    ("Drove him to the Carleton Clinic, Carlisle (40 minutes).", [], ["Carlisle"]),
    ("Drew PAVA, warned him.", [], ["PAVA"]),
    # streets with no suffix word, the flat above a shop, whole small businesses
    ("Called to 52 Northgate, Pontefract.", ["52 Northgate"], ["Pontefract"]),
    ("He ran along Briggate towards the station.", ["Briggate"], []),
    # ... beside its town, with no number or preposition: the town stays, and the town's
    # station ("Wakefield Kirkgate") is no street
    ("Kirkgate, Wakefield. 2330. fight outside", ["Kirkgate"], ["Wakefield"]),
    ("Lincoln, Bailgate. Shop theft reported.", ["Bailgate"], ["Lincoln"]),
    ("Both removed at Wakefield Kirkgate station.", [], ["Wakefield Kirkgate"]),
    ("He moved from Harrogate, Yorkshire to Margate, Kent.", [], ["Harrogate", "Margate"]),
    ("Nobody was in the doorway or the subway.", [], ["doorway", "subway"]),
    ("She rents the flat above 9 Coldbath Road.", ["flat above 9 Coldbath Road"], []),
    ("Outside Dinah's Dumplings & Noodles a fight broke out.", ["Dinah's Dumplings & Noodles"], []),
    ("Stock taken from Fabio's Gelato Van.", ["Fabio's Gelato Van"], []),
    ("He works at Glowz by Tash, a salon.", ["Glowz by Tash"], []),
    ("Invoice from R & T Motors was seized.", ["R & T Motors"], []),
    (
        "Kevin's Mum phoned; PC Ward's Taser was drawn near Children's Services and JD Sports.",
        ["Kevin", "Ward"],
        ["Mum", "Taser", "Children's Services", "JD Sports"],
    ),
    (
        "We walked past Grey's Monument; the Kowalczyk family were there.",
        ["Kowalczyk"],
        ["Grey's Monument"],
    ),
    # council badges and operators' numbers, names in lower case before an age
    ("Taxi driver (badge LCC PH 04417) and operator (CCTV 208).", ["LCC PH 04417", "CCTV 208"], []),
    (
        "on arrival tia marsden 15 had a knife. i went to grab tia.",
        ["tia marsden", "tia."],
        ["grab"],
    ),
    ("Driver Nguyen Van HAI arrested.", ["Nguyen Van HAI"], []),
    # round 7: lower-case streets with their suffix cut short (less the town before them)
    (
        "great yarmouth regent rd 0145. tiago fighting. conveyed st leonards. bury st edmunds later.",
        ["regent rd"],
        ["great yarmouth", "conveyed st leonards", "bury st edmunds"],
    ),
    # quoted nicknames named as a phone's contact, and after a nickname's prefix
    (
        'Contact saved as "Big Tee" on his phone; another contact "Ghost"; contact "Mum" rang.',
        ["Big Tee", "Ghost"],
        ["Mum"],
    ),
    ('He said his older "boss" is "Big Tiz". A Big Issue seller saw.', ["Big Tiz"], ["Big Issue"]),
    # a firm named after an owner no rule knew, and firms written in capitals
    (
        "Outside Jeyakumar Mini Mart. He works for Podmore Travel Solutions, near the Becklin Centre.",
        ["Jeyakumar Mini Mart", "Podmore Travel Solutions"],
        ["Becklin Centre"],
    ),
    (
        "ASSAULT OUTSIDE AMIR'S 24HR STORE. JONES WAS ARRESTED AT THE BAR.",
        ["AMIR'S 24HR STORE"],
        ["ARRESTED AT THE BAR"],
    ),
    # a house named before its street, named again later; a house number alone again
    (
        "Disturbance outside Applegarth, Hornbeam Meadow, Revoe. Johnny went back inside at "
        "Applegarth. Ubah Osman lives at 28 Kennet Road and her neighbour at 26 called 999.",
        ["Applegarth", "Hornbeam Meadow", "26"],
        ["Revoe", "999"],
    ),
    ("DOMESTIC AT GREYSTONES, WHEATFIELD DELL, RG12 1UJ.", ["GREYSTONES", "WHEATFIELD DELL"], []),
    (
        "Two families in Chantry Croft and 58 Teal Paddock.",
        ["Chantry Croft", "58 Teal Paddock"],
        [],
    ),
    # round 8: grounds, operators and stations are public; a residence cue makes one an address
    (
        "Disorder outside Portman Road after Ipswich v Norwich. Stena Line staff called us.",
        [],
        ["Portman Road", "Stena Line", "Ipswich", "Norwich"],
    ),
    ("He lives on Vicarage Road with his mum.", ["Vicarage Road"], []),
    ("At Birmingham New Street on platform 9a we met him.", [], ["At Birmingham New Street"]),
    # a surname that is a town or an everyday word, after a first name, is the surname
    ("Conductor Rebecca Asquith (Northern NT 57112) was hit.", ["NT 57112"], ["Northern"]),
    ("Detained under the Act (MHA 1983) on the bus.", [], ["MHA 1983"]),
    # a street named like a ground is the street where nothing says match or journey
    ("I chased him behind Kenilworth Road and took him to the ground.", ["Kenilworth Road"], []),
    ("Kenilworth Road, Luton v Chelsea. Fans fighting.", [], ["Kenilworth Road"]),
    # clubs are a town's; a name before "STAFF FC" is no club
    ("Trouble after Darlington FC v Spennymoor.", [], ["Darlington FC"]),
    ("FIRST CYMRU DRIVER HYWEL GRIFFITHS STAFF FC 9021 SPAT AT.", ["HYWEL GRIFFITHS"], []),
    # the model's name stops at a postcode: the town is not spread as a name
    ("Addr 71 Unthank Road, Norwich NR2 2PE. Norwich fan Brendan.", ["NR2 2PE"], ["Norwich fan"]),
    ("At 14:50, Devonport end turnstiles.", [], ["14:50, Devonport end"]),
    (
        "Male Jamie HENDERSON, of 14/3 Easter Road, Edinburgh. Fringe festival.",
        ["14/3 Easter Road"],
        [],
    ),
    # the lines before a postcode's town are the address
    (
        "Cuffs. DOB 22/03/2005. 7 Lower Borough Walls, Bath BA1 1QR.",
        ["7 Lower Borough Walls"],
        ["Bath"],
    ),
    (
        "DOB 22/01/1981, HAWTHORN LODGE, MILL END, THAXTED CM6 2LT.",
        ["HAWTHORN LODGE", "MILL END"],
        ["THAXTED"],
    ),
    ("Taken to Royal Gwent Hospital, Newport NP20 2UB.", ["NP20 2UB"], ["Royal Gwent Hospital"]),
    # dictated: a house number in words before a lower-case street, spaced lower-case plates,
    # a first name before a particle or a rare lower-case surname
    ("his address is nineteen cavendish road he also had", ["nineteen cavendish road"], []),
    ("we walked five minutes down the road to the van", [], ["five minutes down the road"]),
    ("the car was a golf mx 69 pzk and he is 20 and", ["mx 69 pzk"], ["is 20 and"]),
    ("the male was kyle o brien dob twelve oh four", ["kyle o brien"], []),
    ("one of them lewis hindmarch was climbing on the roof", ["lewis hindmarch"], []),
    # round 9: nationalities and languages are nobody's name; a title's run of capitalised
    # words is the name even where they are days or function words; house names before a
    # street and town; a cue word before a first name in capitals; door codes; Scottish
    # shoulder numbers; a year of birth in brackets; middle names of surname-first names
    (
        "Male Bulgarian, Stoyan PETKOV, 41, spoke Farsi",
        ["Stoyan", "PETKOV"],
        ["Bulgarian", "Farsi"],
    ),
    ("Victim was Mr Monday OKAFOR of the flats", ["Monday", "OKAFOR"], []),
    ("Interpreter Ms Do Minh Anh was called", ["Do", "Minh"], []),
    ("Concern for welfare - Two Oaks, Mill Lane, Soham. No reply.", ["Two Oaks"], ["Soham"]),
    ("FATHER PETER ABBEY (61) WAS AT THE DOOR.", ["PETER", "ABBEY"], ["FATHER"]),
    ("Carer used the key safe 2019 to get in.", ["2019"], []),
    ("PC A2291 and I attended Govan.", ["A2291"], ["Govan"]),
    ("Suspect: DINH Van Hung (1992) ran off.", ["DINH", "Van", "Hung", "1992"], []),
    ("Veh: XKM 5521P, Polish plates.", ["XKM 5521P"], []),
    ("Kids in the house: Ruby-Rose (6) and a baby.", ["Ruby-Rose"], []),
    # round 10: codes after capitals, roads and call signs, nicknames, names after numbers,
    # house names after "at", firms tied to their owner and taken whole
    ("Harbour Police HP 0119 escorted him. cad SX 0912 16/05.", ["HP 0119", "SX 0912"], []),
    ("ARRIVED AT 0119 HRS. Arrived at 0140 with PC 1802.", [], ["0119", "0140"]),
    (
        "M65 J10 Burnley. Almondsbury interchange (M4/M5). A41 Aylesbury.",
        [],
        ["M65 J10 Burnley", "M4/M5", "A41 Aylesbury"],
    ),
    (
        "I was operating call sign TN31 (fleet no. MPS 8T42) with PC 2210.",
        ["2210"],
        ["TN31", "MPS 8T42"],
    ),
    ('Passenger Lee "Gypsy" Reilly ran across the field.', ["Lee", "Gypsy", "Reilly"], []),
    ("Officers MDP 12004 Lewis and DO 0933 held her arms.", ["12004", "Lewis", "0933"], []),
    ("Domestic at The Beeches, Amersham Hill, HP13. Suspect ran.", ["The Beeches"], []),
    ("Dog grooming salon (Pampered Paws, owner Joanne STAINTON) rang.", ["Pampered Paws"], []),
    (
        "Owner of The Cosy Corner tearoom rang. Manager of Tesco rang.",
        ["The Cosy Corner"],
        ["Tesco"],
    ),
    ("He refused to leave Fade Kings Barbers on Alfreton Rd.", ["Fade Kings Barbers"], []),
    (
        "ARMSTRONG began shouting. Serco PECS van. HELD BY ARMS FOR 2 MINS.",
        ["ARMSTRONG"],
        ["began", "Serco", "FOR 2"],
    ),
    (
        "DO Amira SHEIKH (DO 60877) held her. PC 4410 AND PC 5119 HELD ARMS.",
        ["Amira", "SHEIKH", "60877", "4410", "5119"],
        ["(DO", "AND", "HELD"],
    ),
    ("Prisoner: SAWYER, Jordan. SUBJ: TAYLOR, Georgia | 01/04/1996", ["Jordan", "Georgia"], []),
    (
        "Her son Alexander ST CLAIR was called. DP Barnaby ST JOHN-HASKELL ran.",
        ["ST CLAIR", "ST JOHN-HASKELL"],
        [],
    ),
    ("Romanian ID card seria GL nr. 411820.", ["GL nr. 411820"], []),
    (
        "The driver, Seumas MacLEAN dob 03/07/1959 of The Steading, Kippen Road, Gargunnock.",
        ["The Steading"],
        ["Gargunnock"],
    ),
    (
        "Solicitor Ms Joanne QUAYLE of Quayle Criminal Defence attended.",
        ["Quayle Criminal Defence"],
        [],
    ),
    (
        "Mum and youngest, Chase (2), were in. Her kids Mason, Sky and Hunter slept. Room (3).",
        ["Chase", "Mason", "Sky", "Hunter"],
        ["Room"],
    ),
    (
        "Arrested at Tesco, Mill Road, Ely. Domestic at Holly Bank, Bury Road.",
        ["Mill Road", "Holly Bank"],
        ["Tesco"],
    ),
    # round 12 (sets AJ-AL): Welsh particles in capitals, surnames in capitals after an
    # officer's number, nicknames quoted after a name or called one, first names that are
    # words before a surname in capitals, a postcode district after a town (each case fails
    # on the round's starting code, 88cfe8d)
    ("Helped by PC 6105 AP IESTYN today.", ["AP IESTYN"], ["today"]),
    ("Then PC 2719 STARLING arrived.", ["STARLING"], ["arrived"]),
    (
        "Dean HOLT ('Bear') ran. Other male not traced, believed 'Tank' (nickname).",
        ["Bear", "Tank"],
        ["ran"],
    ),
    (
        "Female was Blessing ADEBOWALE, 33, and Monday EZE, 40. Blessing then calmed down.",
        ["Blessing", "ADEBOWALE", "Monday", "EZE"],
        ["calmed down"],
    ),
    (
        "Stopped near Doncaster DN4 and again at Sheffield S11. Ethnicity W1 noted.",
        ["DN4", "S11"],
        ["W1"],
    ),
    (
        "He sent the messages from Instagram (user lils.baker) and Snapchat username jj_h.",
        ["lils.baker", "jj_h"],
        [],
    ),
    ("Warwicks ref 0422_17052024 was raised.", ["0422_17052024"], []),
    ("Owner Mr Len Vosper (Vosper's Holiday Park) called it in.", ["Vosper's Holiday Park"], []),
    ("Driver Ffion LLOYD (dob 2004) and her passenger, YOB 1999, got out.", ["2004", "1999"], []),
    ("Attended Ty'n Llan, Corris after a 999.", ["Ty'n Llan"], ["999"]),
    (
        "Lifeguard Nadia OKAFOR helped. After Jummah at the Jamia Masjid, Fr O'BRIEN spoke.",
        ["Nadia", "OKAFOR", "O'BRIEN"],
        ["Lifeguard", "Jummah", "Jamia Masjid", "Fr"],
    ),
    # round 13 (sets AN-AP): Gaelic and Irish streets, Scottish farms and crofts, PSNI's
    # "Cst", a year after "b.", compass words before a capitalised word (each case fails on
    # the round's starting code, 68f56d0)
    (
        "Lives at 7 Sràid na h-Eaglaise, Stornoway, and his brother at 19 Bóthar na Trá.",
        ["Sràid na h-Eaglaise", "Bóthar na Trá"],
        ["brother"],
    ),
    (
        "Worked at Mains of Auchleuchries, Hatton; lives at Croft 4 Achandunie.",
        ["Mains of Auchleuchries", "Croft 4 Achandunie"],
        ["Hatton"],
    ),
    ("He punched out at Cst 2215 and then at Const 1402.", ["2215", "1402"], ["Const"]),
    (
        "Subject Arjun NAIDOO b.1984 refused his full dob. Car park B. 1930hrs.",
        ["1984"],
        ["1930hrs"],
    ),
    ("MPS North West BCU. Male in a grey North Face jacket.", [], ["North West BCU", "North Face"]),
    # round 15: Irish surnames of particles in any case, with the given name before them
    ("The victim was Bláthnaid MAC AN BHAIRD, 33.", ["Bláthnaid", "MAC AN BHAIRD"], []),
    ("ciarán mac an bhaird was swinging a hurl.", ["ciarán", "mac an bhaird"], ["hurl"]),
    ("two groups of lads. gda síle nic eoin and i went in.", ["síle", "nic eoin"], ["gda"]),
    # Irish streets name their kind first; Eircodes; the town and county between stay
    (
        "He lives at 2 Radharc an Locha, Castleblayney A75 FX81 with his mother.",
        ["2 Radharc an Locha", "A75 FX81"],
        ["Castleblayney"],
    ),
    (
        "Clones, Co. Monaghan. Acting on information from the Garda Economic Crime Bureau.",
        [],
        ["Clones, Co. Monaghan", "Garda Economic Crime Bureau"],
    ),
    ("Conveyed to Letterkenny Garda Station.", [], ["Letterkenny Garda Station"]),
    # roads are no postcodes or Eircodes: "A46 near" has the shape of one
    (
        "Vehicle stopped on the A46 near Stoneleigh, then on the N15 outside the town.",
        [],
        ["A46 near Stoneleigh", "N15"],
    ),
    # the town after an address is published; its postcode is not
    (
        "He lives at 22 Chestnut Walk, Grantham, will be visited.",
        ["22 Chestnut Walk"],
        ["Grantham, will be visited"],
    ),
    (
        "lives at 9 heol y nant, blaenavon np4. no injuries.",
        ["9 heol y nant", "np4"],
        ["blaenavon"],
    ),
    (
        "Attended Cedars Care Home, Bexhill. Resident Mrs P. LOCKHART was calm.",
        ["LOCKHART"],
        ["Bexhill"],
    ),
    # care roles before a first name that is also a word or a place
    ("Visitor was seen by HCA Kelly passing cannabis.", ["Kelly"], ["HCA"]),
    ("Keyworker Mercy said he was calm.", ["Mercy"], []),
    # a force's short name between a log cue and its number and day; in capitals the
    # letters are the reference's
    (
        "Escort staff handed over. Ref Humb 1034 30/01. cad SX 0912 16/05.",
        ["1034 30/01", "SX 0912 16/05"],
        ["Humb"],
    ),
    # after a rank and number, a surname English uses less than its words, in lower case
    ("pc 14471 khan drew taser. PC 1234 cuffed him.", ["14471", "khan", "1234"], ["cuffed"]),
    # text-speak and dropped g's are words; a ward named for a flower is no person
    (
        "She said they wer shoutin at him n he wz chuckin bottles, tryna get in.",
        [],
        ["wer", "wz", "chuckin", "tryna"],
    ),
    ("Patient on Ruby ward fighting staff; moved to Poppy ward.", [], ["Ruby ward", "Poppy ward"]),
    # legislation's numbers are neither collar numbers nor plates
    (
        "Detained under Article 130 MHO. A peace officer under Section 19 of the Act.",
        [],
        ["Article 130 MHO", "Section 19"],
    ),
    # an outward code right after an address in capitals is the postcode, "M" and all
    (
        "ATTENDED 41 CROWCROFT ROAD GORTON M18 MALE SHOUTING AT HIS BROTHER IMRAN",
        ["41 CROWCROFT ROAD", "M18", "IMRAN"],
        ["MALE SHOUTING"],
    ),
    # a shop named for a surname the record names is that person's, landmark noun or not
    (
        "Mr Dinesh MISTRY was arrested. He runs Mistry Mart next to the chemist.",
        ["Dinesh", "MISTRY", "Mistry Mart"],
        ["chemist"],
    ),
    # ... but a town or a centre that shares a surname stays public
    (
        "Kieron WHITBY was seen in Whitby market place, later at the Whitby Centre.",
        ["Kieron", "WHITBY"],
        ["Whitby market place"],
    ),
    # a user name after "user", a platform some words before it
    (
        "His phone had TikTok open, user kayla.m.brum logged in. Detained under s.1 PACE.",
        ["kayla.m.brum"],
        ["TikTok", "s.1 PACE"],
    ),
    # a licence's number ends where its groups stop holding digits or capitals
    (
        "He showed a Latvian licence no. 40872316 and refused the roadside test.",
        ["40872316"],
        ["and refused the roadside test"],
    ),
    (
        "Driving licence BROOK 710224 JT9 QR was checked on PNC.",
        ["BROOK 710224 JT9 QR"],
        ["checked on PNC"],
    ),
    # a rank is a whole word: "DI" of "DIXON" before "rang 999" makes no collar number
    ("Shona DIXON rang 999 saying her partner had a knife.", ["Shona", "DIXON"], ["999"]),
    # a form's labels in capitals are no surnames; identity documents' names are no names
    (
        "LOCATION: Preston bus station REASON FOR FORCE: Protect self. Czech OP 412 775 803.",
        ["412 775 803"],
        ["REASON FOR FORCE", "Preston bus station"],
    ),
    (
        "Romanian driver Sorin DUMITRU (CNP 1790512400321) had a Polish PESEL 79051204411 too.",
        ["Sorin", "DUMITRU", "1790512400321", "79051204411"],
        ["CNP", "PESEL"],
    ),
    # -ing words in use are words, police vocabulary is vocabulary, a minster a landmark,
    # royal possessives no owners
    (
        "He was slurring and swaying. I used incapacitant spray by Ripon Minster. "
        "Taken to Queen's Medical Centre, then the trolley bay 4 for checks.",
        [],
        ["slurring", "incapacitant spray", "Ripon Minster", "Queen's Medical Centre", "bay 4"],
    ),
    # addresses abroad: the street's kind first, the number after, the postcode before the town
    (
        "Address given ul. Wrocławska 17/3, 31-042 Kraków. Also Str. Teilor nr. 9, bl. B4, "
        "ap. 12, Iași, and 22 rue des Martyrs, 75009 Paris. Time 2230 hrs.",
        [
            "ul. Wrocławska 17/3",
            "31-042",
            "Str. Teilor nr. 9, bl. B4, ap. 12",
            "22 rue des Martyrs",
            "75009",
        ],
        ["2230 hrs"],
    ),
    (
        "Family in Kabul: House No. 412, Sector 7-C; brother at Street 9, House 31.",
        ["House No. 412, Sector 7-C", "Street 9, House 31"],
        ["Family in Kabul"],
    ),
    # an outward code after a town after a street is the postcode, "M" and all
    (
        "Lives at 3 Vicarage Road, Swinton M27. Pursuit on the M60.",
        ["3 Vicarage Road", "M27"],
        ["M60"],
    ),
    # a series of capitals before a long number is the number's, whatever word it spells
    (
        "Moldovan ID card seria MD nr. 4471902 and seaman's book no. CAT 552190 were seized.",
        ["MD", "4471902", "CAT 552190"],
        ["seaman's book"],
    ),
    ("Her Ukrainian ppt FK 118204 was checked.", ["FK 118204"], ["Ukrainian ppt"]),
    # an officer's force and number in brackets
    ("Cuffed by PC Lee MARSH (Suffolk 2716).", ["Lee", "MARSH", "2716"], ["Suffolk"]),
    # a bank before a card's last digits, however the digits read
    ("Cards: Nationwide ending 1145, Revolut ending 2210.", ["1145", "2210"], ["Nationwide"]),
    # an account named after a platform and "as"
    ("She sells on Instagram as tash.b.glam and cash only.", ["tash.b.glam"], ["Instagram"]),
    # firms with a legal form and a person's name in it
    (
        "Haulier Ciobanu Logistic SRL of Iași; the lorry of UAB Kazlauskas ir partneriai was "
        "stopped.",
        ["Ciobanu Logistic SRL", "UAB Kazlauskas ir partneriai"],
        ["the lorry"],
    ),
    # a cue is a whole word: the "man" of "Mandarin" is no cue before a name
    ("A Mandarin interpreter attended.", [], ["Mandarin interpreter"]),
]


@pytest.mark.parametrize(("text", "gone", "kept"), CASES)
def test_detail_kinds(detector, text, gone, kept):
    covered = _covered(text, detector.detect_batch([text])[0])
    for value in gone:  # every word of it (the spaces between words may stay)
        at = text.index(value)
        for word in re.finditer(r"[^\W_]+", value):
            assert all(covered[at + word.start() : at + word.end()]), (value, word.group())
    for value in kept:
        at = text.index(value)
        assert not any(covered[at : at + len(value)]), value


# A surname found in full once is that person at every mention, even where the word is a
# town's, a London area's or an everyday word's, and in capitals or possessive.
SURNAME_CASES = [
    ('Mate "Bez" Barry Kelsall pulled my arm. Kelsall pushed away.', "Kelsall"),
    ("Steward Waqar Younis Butt was punched. He punched BUTT again.", "Butt"),
    (
        "Another driver, Kenneth Holloway, was angry. Holloway's Mercedes. Holloway DOB 30/06/61.",
        "Holloway",
    ),
    # a nickname of two words in quotes is found whole again (round 17)
    ("Joseph 'Joe Boy' KERR ran. Later Joe Boy was found.", "Joe Boy"),
]


@pytest.mark.parametrize(("text", "surname"), SURNAME_CASES)
def test_surname_every_mention(detector, text, surname):
    covered = _covered(text, detector.detect_batch([text])[0])
    mentions = [m.span() for m in re.finditer(surname, text, re.IGNORECASE)]
    assert len(mentions) >= 2
    for start, end in mentions:
        assert all(covered[start:end]), text[start:end]

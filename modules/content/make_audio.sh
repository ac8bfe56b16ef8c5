#!/bin/sh
# Regenerates the guided audio tracks from their transcripts, so the recording always says what
# the transcript on the page says. The speech is synthesised by espeak-ng from our own text (no
# third-party recording or voice) and encoded as Ogg Opus; see docs/content.md.
#
# Needs espeak-ng and opus-tools (Debian: apt-get install espeak-ng opus-tools).
# Run: sh modules/content/make_audio.sh   then: python manage.py load_programme
#
# In a transcript, paragraphs are spoken with a short rest between them, and a paragraph that is
# only "(pause)" or "(long pause)" ("(paus)", "(lång paus)" in Swedish) is a silence.
set -eu
cd "$(dirname "$0")"

RATE=125        # words per minute; espeak-ng's default of 175 is too quick for an exercise
WORD_GAP=2      # extra silence between words, in units of 10 ms
PARAGRAPH=1500  # milliseconds between paragraphs
PAUSE=6000
LONG_PAUSE=14000
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# transcript (Markdown paragraphs) -> SSML for espeak-ng
ssml() {
    awk -v paragraph="$PARAGRAPH" -v pause="$PAUSE" -v long_pause="$LONG_PAUSE" '
        function flush() {
            if (text == "") return
            if (text == "(pause)" || text == "(paus)") printf "<break time=\"%dms\"/>\n", pause
            else if (text == "(long pause)" || text == "(lång paus)") printf "<break time=\"%dms\"/>\n", long_pause
            else printf "%s <break time=\"%dms\"/>\n", text, paragraph
            text = ""
        }
        BEGIN { print "<speak>" }
        /^[ \t]*$/ { flush(); next }
        {
            line = $0
            gsub(/&/, "\\&amp;", line); gsub(/</, "\\&lt;", line); gsub(/>/, "\\&gt;", line)
            text = (text == "" ? line : text " " line)
        }
        END { flush(); print "</speak>" }
    ' "$1"
}

# track MODULE-FOLDER LANGUAGE VOICE NAME: MODULE-FOLDER/media/LANGUAGE/NAME.md -> NAME.ogg
track() {
    folder="$1/media/$2"
    ssml "$folder/$4.md" > "$TMP/speech.ssml"
    espeak-ng -m -v "$3" -s "$RATE" -g "$WORD_GAP" -f "$TMP/speech.ssml" -w "$TMP/speech.wav"
    # A fixed stream serial number: the same transcript gives the same bytes, so the module's
    # content hash changes only when the words do.
    opusenc --quiet --speech --bitrate 24 --serial 1 --discard-comments \
        "$TMP/speech.wav" "$folder/$4.ogg"
    echo "$folder/$4.ogg"
}

track 04-breathing-and-relaxation en en-gb relaxation
track 04-breathing-and-relaxation sv sv relaxation
track 10-acceptance-and-mindfulness en en-gb mindfulness-with-pain
track 10-acceptance-and-mindfulness sv sv mindfulness-with-pain

#!/bin/bash
# gazette export wordpress (being written).
set -u
. "$(dirname "$0")/lib.sh"
finish

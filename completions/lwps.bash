# bash completion for lwps                                 -*- shell-script -*-
# Column names come from `lwps --list-columns` when Tab is pressed, so they
# always match the installed program.

_lwps_columns()
{
	local scope=
	local w
	# -m (alone, or among other flags that take no argument) or --maps;
	# --limits.
	for w in "${COMP_WORDS[@]}"; do
		[[ $w == --maps || $w =~ ^-[LtJnrwi]*m[LtJnrwi]*$ ]] && scope=-m
		[[ $w == --limits ]] && scope=--limits
	done
	"${COMP_WORDS[0]}" $scope --list-columns 2>/dev/null | while read -r name _; do
		printf '%s\n' "${name,,}"
	done
}

# Completes the last item of a comma-separated list, keeping the items
# before it (and a leading '+' for -o, or '-' for -s).
_lwps_list()
{
	local cur=$1 lead= prefix= word
	shift
	if [[ $cur == [+-]* ]]; then
		lead=${cur:0:1}
		cur=${cur:1}
	fi
	if [[ $cur == *,* ]]; then
		prefix=${cur%,*},
		cur=${cur##*,}
	fi
	[[ $cur == [+-]* && -n $prefix ]] && { prefix+=${cur:0:1}; cur=${cur:1}; }
	COMPREPLY=()
	while read -r word; do
		[[ $word == "$cur"* ]] && COMPREPLY+=("$lead$prefix$word")
	done < <("$@")
	compopt -o nospace 2>/dev/null
}

_lwps_pids()
{
	local d
	for d in /proc/[0-9]*; do
		printf '%s\n' "${d#/proc/}"
	done
}

_lwps_comms()
{
	cat /proc/[0-9]*/comm 2>/dev/null | sort -u
}

_lwps()
{
	local cur prev
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	# --diff OLD NEW: both words are files.
	if (( COMP_CWORD >= 2 )) && [[ ${COMP_WORDS[COMP_CWORD-2]} == --diff && $prev != -* ]]; then
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi

	case $prev in
	-o|--output)
		_lwps_list "$cur" _lwps_columns
		return ;;
	-s|--sort)
		_lwps_list "$cur" _lwps_columns
		return ;;
	-p|--pid)
		_lwps_list "$cur" _lwps_pids
		return ;;
	-u|--user)
		_lwps_list "$cur" compgen -u
		return ;;
	-C|--command)
		_lwps_list "$cur" _lwps_comms
		return ;;
	--save|--load|--diff)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--watch|--count|-d|--delay|-I|--interval)
		return ;;
	--state)
		_lwps_list "$cur" compgen -W 'R S D T t Z X I P'
		return ;;
	esac
	case $cur in
	--color=*)
		COMPREPLY=($(compgen -W 'auto always never' -- "${cur#--color=}"))
		return ;;
	-*)
		COMPREPLY=($(compgen -W '-L --lwps -t --tree --forest -m --maps --layout --limits -W --waits
			-i --interactive -d --delay -J --json -p --pid -u --user -C --command
			--ancestors -o --output --output-all --list-columns -s --sort
			-n --no-headings -r --raw -w --wide --color --color= --ascii
			--save --load --diff --watch --count -I --interval --state
			-h --help -V --version' -- "$cur"))
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return ;;
	esac
	# A bare word is a PID.
	COMPREPLY=($(compgen -W "$(_lwps_pids)" -- "$cur"))
}
complete -F _lwps lwps

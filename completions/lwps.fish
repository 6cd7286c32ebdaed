# fish completion for lwps.  Column names come from `lwps --list-columns`
# when Tab is pressed, so they always match the installed program.

function __lwps_columns
    set -l scope
    if __fish_seen_argument -s m -l maps
        set scope -m
    end
    if __fish_seen_argument -l limits
        set scope --limits
    end
    set -l tok (commandline -ct)
    set -l prefix (string match -r '^[+-]?(?:[^,]*,)*' -- $tok)
    lwps $scope --list-columns 2>/dev/null | while read -l name help
        printf '%s%s\t%s\n' $prefix (string lower -- $name) $help
    end
end

function __lwps_pids
    for d in /proc/[0-9]*
        set -l pid (string replace /proc/ '' -- $d)
        printf '%s\t%s\n' $pid (cat $d/comm 2>/dev/null)
    end
end

complete -c lwps -f
complete -c lwps -s L -l lwps -d 'one row per thread'
complete -c lwps -s t -l tree -d 'processes arranged by parent'
complete -c lwps -l forest -d 'processes arranged by parent'
complete -c lwps -s m -l maps -d 'the mappings of the selected processes'
complete -c lwps -l layout -d 'with -m, draw the address space'
complete -c lwps -l limits -d 'the resource limits of the selected processes'
complete -c lwps -s W -l waits -d 'waiting threads grouped by what they wait on'
complete -c lwps -s i -l interactive -d 'full-screen browser'
complete -c lwps -s d -l delay -x -d 'refresh interval (seconds)'
complete -c lwps -s J -l json -d 'print the view as JSON'
complete -c lwps -s p -l pid -x -a '(__lwps_pids)' -d 'processes by id'
complete -c lwps -s u -l user -x -a '(__fish_complete_users)' -d 'processes by user'
complete -c lwps -s C -l command -x -a '(cat /proc/[0-9]*/comm 2>/dev/null | sort -u)' -d 'processes by name'
complete -c lwps -l ancestors -d 'with -t or -i, the chain from the root'
complete -c lwps -s o -l output -x -a '(__lwps_columns)' -d 'columns to show'
complete -c lwps -l output-all -d 'show every column'
complete -c lwps -l list-columns -d 'list the columns'
complete -c lwps -s s -l sort -x -a '(__lwps_columns)' -d 'sort keys'
complete -c lwps -s n -l no-headings -d 'no header line'
complete -c lwps -s r -l raw -d 'raw output'
complete -c lwps -s w -l wide -d 'do not cut lines'
complete -c lwps -l color -x -a 'auto always never' -d 'color the output'
complete -c lwps -l ascii -d 'draw the tree in ASCII'
complete -c lwps -l save -r -F -d 'write a snapshot to FILE'
complete -c lwps -l load -r -F -d 'read a snapshot from FILE'
complete -c lwps -l diff -r -F -d 'compare snapshots OLD and NEW'
complete -c lwps -n '__fish_seen_argument -l diff' -F
complete -c lwps -l watch -x -d 'repeat every SECS seconds'
complete -c lwps -l count -x -d 'with --watch, stop after N rounds'
complete -c lwps -s I -l interval -x -d 'rates over SECS seconds'
complete -c lwps -l state -x -a 'R S D T t Z X I P' -d 'keep tasks in these states'
complete -c lwps -s h -l help -d 'show the help'
complete -c lwps -s V -l version -d 'show the version'
complete -c lwps -a '(__lwps_pids)'
